/**
 * Process entry point of the doctor tests: the real command line (`runCli`) with AWS mocked as
 * `doctor-scenario.ts` describes, so a test runs `security-ir doctor` as a process, with its real
 * exit code, stdout and stderr. Run with `node -r ts-node/register/transpile-only`.
 */
import { runCli } from '../../cli/main';
import { mockOrganization } from './doctor-scenario';

mockOrganization();
runCli();
