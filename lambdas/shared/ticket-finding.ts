/**
 * Which finding of the new Security Hub a ticket is opened for: CreateTicketV2 takes the OCSF
 * finding's `metadata.uid`, which an OCSF delivery carries and a native or ASFF delivery of a
 * GuardDuty finding has looked up (GetFindingsV2); or why a finding has none.
 * https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateTicketV2.html
 */
import type { OcsfStringField } from '@aws-sdk/client-securityhub';
import { bounded } from './bounded';
import type { SourceFinding } from './events';
import { guardDutyFindingId, ocsfRecordTarget, securityHub } from './report';

/** Why a finding cannot be ticketed: a known limit, not an error (no metric, no alarm). */
export class NotTicketable extends Error {
  override name = 'NotTicketable';
}

/**
 * The `metadata.uid` of the finding's OCSF copy in the new Security Hub, which CreateTicketV2
 * takes (`FindingMetadataUid`): the OCSF finding's own; for a GuardDuty finding that arrived
 * natively or as ASFF, looked up (GetFindingsV2) by the identifier triple the OCSF recording
 * derives. A Config evaluation and other ASFF findings have no derivable copy: the control finding
 * of the new Security Hub, answered on its own, opens their ticket.
 */
export async function findingMetadataUid(source: SourceFinding): Promise<string> {
  if (source.kind === 'ocsf') {
    const uid = source.finding.metadata.uid;
    if (!uid?.trim()) throw new Error(`${source.path}.metadata.uid: the OCSF finding has none`);
    return uid;
  }
  if (source.kind === 'config') {
    throw new NotTicketable(
      'a Config evaluation is not a Security Hub finding; the failed control of the new Security Hub for the same rule opens the ticket',
    );
  }
  if (!guardDutyFindingId(source)) {
    throw new NotTicketable(
      'an ASFF finding that GuardDuty did not produce has no derivable OCSF copy in the new Security Hub',
    );
  }
  const target = ocsfRecordTarget(source);
  if (!target) {
    throw new NotTicketable('securityHub.ocsfFindings is off: no OCSF copy of the finding is read');
  }
  const { mod, client } = await securityHub(target.region);
  const id = target.identifier;
  const equal = (FieldName: OcsfStringField, Value: string) => ({
    FieldName,
    Filter: { Comparison: 'EQUALS' as const, Value },
  });
  const out = await client.send(
    new mod.GetFindingsV2Command({
      Filters: {
        CompositeFilters: [
          {
            Operator: 'AND',
            StringFilters: [
              equal('finding_info.uid', id.FindingInfoUid),
              equal('cloud.account.uid', id.CloudAccountUid),
              equal('metadata.product.uid', id.MetadataProductUid),
            ],
          },
        ],
      },
      MaxResults: 1,
    }),
  );
  const found = out.Findings?.[0] as { metadata?: { uid?: unknown } } | undefined;
  const uid = found?.metadata?.uid;
  if (typeof uid !== 'string' || uid.trim() === '') {
    throw new Error(
      `the new Security Hub holds no OCSF copy of ${bounded(id.FindingInfoUid)} (yet); the OCSF copy opens the ticket when Security Hub delivers it`,
    );
  }
  return uid;
}
