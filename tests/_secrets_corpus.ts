/**
 * The forms of secrets found in clear in user data and launch data (issue 13), each with the
 * values that must not survive masking, and innocent look-alikes that must come back unchanged.
 */

const b64 = (text: string) => btoa(text);

const script = "#!/bin/bash\nexport DB_PASS=Tr0ub4dor-b64\nsystemctl start app\n";

const mime = [
  'Content-Type: multipart/mixed; boundary="==BOUNDARY=="',
  "MIME-Version: 1.0",
  "",
  "--==BOUNDARY==",
  'Content-Type: text/cloud-config; charset="us-ascii"',
  "Content-Transfer-Encoding: base64",
  "",
  b64(
    "#cloud-config\nchpasswd:\n  list: |\n    root:Mime-Pa55word\n  expire: false\npassword: Cl0ud-Pa55\n",
  ),
  "--==BOUNDARY==",
  'Content-Type: text/x-shellscript; charset="us-ascii"',
  "Content-Transfer-Encoding: base64",
  "",
  b64("#!/bin/bash\nexport API_TOKEN=mime-shell-token-42\n"),
  "--==BOUNDARY==--",
  "",
].join("\n");

/** A secret-bearing form: its text, and the substrings that must be gone after masking. */
export interface SecretCase {
  name: string;
  text: string;
  secrets: string[];
}

/** Every form the issue lists, plus the ones the masker already handled. */
export const SECRET_CASES: SecretCase[] = [
  { name: "export DB_PASS", text: "export DB_PASS=hunter2-export", secrets: ["hunter2-export"] },
  {
    name: "JSON password and apiKey",
    text: '{"password": "Js0n-Pa55", "apiKey": "ak-json-1234567"}',
    secrets: ["Js0n-Pa55", "ak-json-1234567"],
  },
  {
    name: "quoted value with spaces",
    text: 'DB_PASSWORD="correct horse battery staple"',
    secrets: ["correct horse", "battery staple"],
  },
  {
    name: "single-quoted value with spaces",
    text: "admin_password: 'two words here'",
    secrets: ["two words", "words here"],
  },
  { name: "mysql -p", text: "mysql -u root -pMyS3cretPw appdb", secrets: ["MyS3cretPw"] },
  {
    name: "sshpass -p",
    text: "sshpass -p 'Ssh P4ss' ssh deploy@10.0.0.5",
    secrets: ["Ssh P4ss", "P4ss"],
  },
  { name: "net user", text: "net user admin W1nd0ws-Pw /add", secrets: ["W1nd0ws-Pw"] },
  {
    name: "ConvertTo-SecureString",
    text: '$pw = ConvertTo-SecureString "Ps-S3cure!" -AsPlainText -Force',
    secrets: ["Ps-S3cure!"],
  },
  {
    name: "Authorization: Basic",
    text: "curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA==' https://example.com",
    secrets: ["dXNlcjpwYXNzd29yZA"],
  },
  {
    name: "lowercase bearer",
    text: 'curl -H "authorization: bearer lowerbearer123456" https://example.com',
    secrets: ["lowerbearer123456"],
  },
  {
    name: "bare lowercase bearer",
    text: "token bearer abcdefgh12345678",
    secrets: ["abcdefgh12345678"],
  },
  {
    name: "GitHub token",
    text:
      "git clone https://x-access-token@github.com/o/r # ghp_0123456789abcdefghijABCDEFGHIJ012345",
    secrets: ["ghp_0123456789abcdefghijABCDEFGHIJ012345"],
  },
  {
    name: "Slack token",
    text:
      "curl -d token=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx https://slack.com",
    secrets: ["xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKl"],
  },
  {
    name: "Slack token alone",
    text: "SLACK=xoxb-123456789012-1234567890123-ZyXwVuTsRqPoNmLkJiHgFeDc",
    secrets: ["ZyXwVuTsRqPoNmLkJiHgFeDc"],
  },
  {
    name: "PGP private key block",
    text:
      "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGPgpKeyMaterial\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----",
    secrets: ["lQOYBGPgpKeyMaterial"],
  },
  {
    name: "PuTTY Private-Lines",
    text: [
      "PuTTY-User-Key-File-3: ssh-ed25519",
      "Encryption: none",
      "Comment: deploy",
      "Public-Lines: 2",
      "AAAAC3NzaC1lZDI1NTE5AAAAIPublicPart",
      "AAAAPublicSecondLine",
      "Private-Lines: 1",
      "AAAAIPuttyPrivateMaterial0123456789",
      "Private-MAC: 0123456789abcdef0123456789abcdef",
    ].join("\n"),
    secrets: ["AAAAIPuttyPrivateMaterial0123456789", "0123456789abcdef0123456789abcdef"],
  },
  {
    name: "whole payload base64 of a script",
    text: b64(script),
    secrets: ["Tr0ub4dor-b64", b64(script).slice(8, 40)],
  },
  {
    name: "MIME multipart cloud-init with base64 parts",
    text: mime,
    secrets: ["Mime-Pa55word", "Cl0ud-Pa55", "mime-shell-token-42"],
  },
  {
    name: "nested base64 in a script",
    text: `#!/bin/bash\necho ${b64("export ADMIN_PASSWORD=N3sted-Pw\n")} | base64 -d | bash`,
    secrets: ["N3sted-Pw", b64("export ADMIN_PASSWORD=N3sted-Pw\n").slice(4, 30)],
  },
  {
    name: "AWS keys",
    text:
      "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    secrets: ["IOSFODNN7EXAMPLE", "wJalrXUtnFEMI"],
  },
  {
    name: "PEM private key",
    text: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowPemBody\n-----END RSA PRIVATE KEY-----",
    secrets: ["MIIEowPemBody"],
  },
  {
    name: "URL credentials",
    text: "git clone https://bob:s3cr3t-url@example.com/repo.git",
    secrets: ["s3cr3t-url"],
  },
  {
    name: "password flag",
    text: "psql --password=Fl4g-Pw -h db",
    secrets: ["Fl4g-Pw"],
  },
];

/** Innocent text that looks like secrets and must come back unchanged. */
export const INNOCENT_CASES: { name: string; text: string }[] = [
  { name: "PASSWORD_MIN_LENGTH=12", text: "export PASSWORD_MIN_LENGTH=12" },
  { name: "comment with the word secrets", text: "# fetch secrets from SSM at boot" },
  { name: "secrets manager call", text: "aws secretsmanager get-secret-value --secret-id prod/db" },
  { name: "token file path", text: "TOKEN_FILE=/run/token" },
  { name: "password policy", text: "PASSWORD_POLICY=strict" },
  { name: "plain script", text: "#!/bin/bash\nyum install -y nginx\nsystemctl start nginx" },
  { name: "basic words", text: "# basic configuration for the passenger app" },
  { name: "net user listing", text: "net user /domain" },
  { name: "short base64-like word", text: "echo SGVsbG8= > /tmp/x" },
  { name: "cloud-config packages", text: "#cloud-config\npackages:\n  - nginx\n  - passwd" },
  { name: "mysql without password", text: "mysql -u root -p appdb" },
  {
    name: "secret ARN",
    text: "SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
  },
];
