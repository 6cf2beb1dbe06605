/**
 * The floor of a cdktf synth on this machine: an app with one stack, the AWS provider and one
 * resource, run through the same CLI and ts-node as `main.ts`. `npm run bench` judges the product's
 * synth as a ratio to it, measured in the same run, so a busy machine does not fail the target.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { App, TerraformStack } from 'cdktf';

const app = new App();
const stack = new TerraformStack(app, 'baseline');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new SnsTopic(stack, 'topic', { name: 'baseline' });
app.synth();
