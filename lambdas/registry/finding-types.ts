/**
 * Default GuardDuty finding types of the GuardDuty responders, referenced by their registry
 * declarations. Plain data. Types: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-active.html
 */

/** GuardDuty finding types that trigger EC2 isolation. */
export const DEFAULT_ISOLATION_FINDING_TYPES = [
  'Backdoor:EC2/C&CActivity.B',
  'Backdoor:EC2/C&CActivity.B!DNS',
  'Backdoor:EC2/DenialOfService.Dns',
  'Backdoor:EC2/DenialOfService.Tcp',
  'Backdoor:EC2/DenialOfService.Udp',
  'Backdoor:EC2/DenialOfService.UdpOnTcpPorts',
  'Backdoor:EC2/DenialOfService.UnusualProtocol',
  'Backdoor:EC2/Spambot',
  'CryptoCurrency:EC2/BitcoinTool.B',
  'CryptoCurrency:EC2/BitcoinTool.B!DNS',
  'CryptoCurrency:Runtime/BitcoinTool.B',
  'CryptoCurrency:Runtime/BitcoinTool.B!DNS',
  'Execution:Runtime/ReverseShell',
  'Impact:EC2/AbusedDomainRequest.Reputation',
  'Impact:EC2/BitcoinDomainRequest.Reputation',
  'Impact:EC2/MaliciousDomainRequest.Reputation',
  'Trojan:EC2/BlackholeTraffic',
  'Trojan:EC2/BlackholeTraffic!DNS',
  'Trojan:EC2/DGADomainRequest.B',
  'Trojan:EC2/DGADomainRequest.C!DNS',
  'Trojan:EC2/DNSDataExfiltration',
  'Trojan:EC2/DriveBySourceTraffic!DNS',
  'Trojan:EC2/DropPoint',
  'Trojan:EC2/DropPoint!DNS',
  'Trojan:EC2/PhishingDomainRequest!DNS',
  'UnauthorizedAccess:EC2/MaliciousIPCaller.Custom',
  'UnauthorizedAccess:EC2/TorClient',
  'UnauthorizedAccess:EC2/TorRelay',
] as const;

/** GuardDuty finding types that trigger blocking the IAM principal. */
export const DEFAULT_PRINCIPAL_FINDING_TYPES = [
  'CredentialAccess:IAMUser/AnomalousBehavior',
  'Exfiltration:IAMUser/AnomalousBehavior',
  'Impact:IAMUser/AnomalousBehavior',
  'InitialAccess:IAMUser/AnomalousBehavior',
  'Persistence:IAMUser/AnomalousBehavior',
  'PrivilegeEscalation:IAMUser/AnomalousBehavior',
  'PenTest:IAMUser/KaliLinux',
  'PenTest:IAMUser/ParrotLinux',
  'PenTest:IAMUser/PentooLinux',
  'Policy:IAMUser/RootCredentialUsage',
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
  'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
  'UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom',
  'UnauthorizedAccess:IAMUser/TorIPCaller',
] as const;

/**
 * GuardDuty Lambda Protection finding types (resource type `Lambda`) that trigger containing the
 * function. https://docs.aws.amazon.com/guardduty/latest/ug/lambda-protection-finding-types.html
 */
export const DEFAULT_LAMBDA_FINDING_TYPES = [
  'Backdoor:Lambda/C&CActivity.B',
  'CryptoCurrency:Lambda/BitcoinTool.B',
  'Trojan:Lambda/BlackholeTraffic',
  'Trojan:Lambda/DropPoint',
  'UnauthorizedAccess:Lambda/MaliciousIPCaller.Custom',
  'UnauthorizedAccess:Lambda/TorClient',
  'UnauthorizedAccess:Lambda/TorRelay',
] as const;
