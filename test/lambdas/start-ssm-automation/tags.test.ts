import {
  GetResourcesCommand,
  type GetResourcesCommandInput,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { findException } from '../../../lambdas/shared/exception';
import { readResourceTags } from '../../../lambdas/start-ssm-automation/tags';
import { createMocks, inputsOf, resetAll } from '../../support/aws';

const mocks = createMocks();

const VOLUME = {
  resourceType: 'AWS::EC2::Volume',
  resourceId: 'vol-0f1e2d3c4b5a69788',
  arn: 'arn:aws:ec2:eu-west-1:222222222222:volume/vol-0f1e2d3c4b5a69788',
};
const MEMBER = { accountId: '222222222222', region: 'eu-west-1', findingId: 'f-1' };

beforeEach(() => {
  resetAll(mocks);
});

describe('start-ssm-automation tags: resources other than buckets', () => {
  it('reads the tags of the one ARN through the tagging API', async () => {
    // Arrange
    mocks.tag.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [
        { ResourceARN: VOLUME.arn, Tags: [{ Key: 'securityexception', Value: 'CHG-9' }] },
      ],
    });

    // Act
    const tags = await readResourceTags(VOLUME, MEMBER);

    // Assert
    expect(inputsOf<GetResourcesCommandInput>(mocks.tag, GetResourcesCommand)).toEqual([
      { ResourceARNList: [VOLUME.arn] },
    ]);
    expect(findException(tags, 'SecurityException')?.ticket).toBe('CHG-9');
  });

  it('treats a resource the tagging API does not list as untagged', async () => {
    // Arrange
    mocks.tag.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });

    // Act
    const tags = await readResourceTags(VOLUME, MEMBER);

    // Assert
    expect(tags).toEqual([]);
  });

  it('fails closed with TagReadError when the tagging API refuses', async () => {
    // Arrange
    mocks.tag
      .on(GetResourcesCommand)
      .rejects(
        Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: {} }),
      );

    // Act / Assert
    await expect(readResourceTags(VOLUME, MEMBER)).rejects.toMatchObject({
      name: 'TagReadError',
      message: expect.stringContaining(
        `cannot read the tags of ${VOLUME.arn}: AccessDeniedException`,
      ),
    });
  });
});
