import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { AppImageUpdater, ArgoImageUpdater, TeamApplication } from '../../src';
import { acrCredentialsScript } from '../../src/image-updater/argo-image-updater';
import { ApplicationSource } from '../../src/platform/application-source';
import { find, objectsIn, platformWithTeam } from '../apps/fixtures';

// The Image Updater's output read by other programs: Go's time.ParseDuration, and the ACR credentials script under bash.

const CLIENT = '5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e';

function withAcrImages(imageNames: string[]) {
  const fixture = platformWithTeam();
  const application = new TeamApplication(fixture.platform, 'Api', {
    project: fixture.payments,
    appName: 'payments-api',
    source: ApplicationSource.fromDirectory({ repoUrl: 'git@github.com:civica/gitops-config.git', pathPattern: 'apps/{app}/overlays/{env}' }),
  });
  new AppImageUpdater(fixture.platform, 'Images', { application, images: imageNames.map((imageName, i) => ({ alias: `img${i}`, imageName })) });
  return fixture;
}

/** Go's own time.ParseDuration on a value, in seconds (Go is in CI). */
function goParseDurationSeconds(value: string): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-duration-'));
  fs.writeFileSync(path.join(dir, 'main.go'), [
    'package main',
    'import ("fmt"; "os"; "time")',
    'func main() { d, err := time.ParseDuration(os.Args[1]); if err != nil { panic(err) }; fmt.Print(d.Seconds()) }',
  ].join('\n'));
  const out = execFileSync('go', ['run', path.join(dir, 'main.go'), value], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'off' } });
  fs.rmSync(dir, { recursive: true, force: true });
  return Number(out);
}

describe('ArgoImageUpdater through other programs', () => {
  test('registries.conf as the chart renders it decodes into registry-scanner\'s RegistryConfiguration fields (yaml tags of pkg/registry/config.go v1.3.0)', () => {
    const { app, platform } = withAcrImages(['civica.azurecr.io/payments/api']);
    new ArgoImageUpdater(platform, 'ImageUpdater', { azureWorkloadIdentity: { clientId: CLIENT }, credentialsExpiry: Duration.minutes(90) });
    const values = find(objectsIn(app, 'argocd'), 'Application', 'argocd-image-updater').spec.source.helm.valuesObject;
    // templates/configmap.yaml: `registries.conf: | registries: {{ toYaml .Values.config.registries }}`
    const conf = parse(`registries:\n${values.config.registries.map((r: any) => `  - ${JSON.stringify(r)}`).join('\n')}\n`);
    const fields = ['name', 'api_url', 'ping', 'credentials', 'credsexpire', 'tagsortmode', 'prefix', 'insecure', 'ca_file', 'ca_data', 'defaultns', 'limit', 'default'];
    for (const key of Object.keys(conf.registries[0])) expect(fields).toContain(key);
    // credsexpire is a time.Duration: yaml.v2 (registry-scanner's decoder) parses the string with Go's time.ParseDuration.
    expect(conf.registries[0].credsexpire).toBe('1h30m');
    expect(goParseDurationSeconds(conf.registries[0].credsexpire)).toBe(5400);
    // credentials: `ext:<path>` (registry-scanner pkg/image/credentials.go: split on ":" into exactly two tokens, the path absolute).
    expect(conf.registries[0].credentials.split(':')).toEqual(['ext', '/scripts/acr-civica.sh']);
  });

  test('the script exchanges the federated token for an Entra token, that for an ACR refresh token, and prints only user:token', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acr-script-'));
    const log = path.join(dir, 'wget.log');
    // A stand-in for BusyBox wget: records its arguments, answers like Entra and ACR.
    fs.writeFileSync(path.join(dir, 'wget'), [
      '#!/bin/bash',
      `printf '%s\\n' "$@" >> ${log}`,
      'case "${@: -1}" in',
      '  https://login.example/tenant-1/oauth2/v2.0/token) echo \'{"token_type":"Bearer","expires_in":3599,"access_token":"aad-token"}\' ;;',
      '  https://civica.azurecr.io/oauth2/exchange) echo \'{"refresh_token":"acr-refresh"}\' ;;',
      '  *) exit 8 ;;',
      'esac',
    ].join('\n'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'federated-token'), 'fed-token');
    fs.writeFileSync(path.join(dir, 'acr.sh'), acrCredentialsScript('civica.azurecr.io'), { mode: 0o755 });
    const env = {
      PATH: `${dir}:/usr/bin:/bin`,
      AZURE_FEDERATED_TOKEN_FILE: path.join(dir, 'federated-token'),
      AZURE_CLIENT_ID: CLIENT,
      AZURE_TENANT_ID: 'tenant-1',
      AZURE_AUTHORITY_HOST: 'https://login.example/',
    };
    // BusyBox ash (the image's /bin/sh) supports pipefail like bash; dash does not.
    const output = execFileSync('bash', [path.join(dir, 'acr.sh')], { env, encoding: 'utf8' });
    expect(output).toBe('00000000-0000-0000-0000-000000000000:acr-refresh\n');
    const calls = fs.readFileSync(log, 'utf8');
    expect(calls).toContain('grant_type=client_credentials&client_id=5b9e2d7c-3f1a-4c8e-9d2b-6a7f8e9c0d1e&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&scope=https://management.azure.com/.default&client_assertion=fed-token');
    expect(calls).toContain('grant_type=access_token&service=civica.azurecr.io&tenant=tenant-1&access_token=aad-token');

    // No refresh token: the script fails and prints no credential line.
    fs.writeFileSync(path.join(dir, 'federated-token'), 'fed-token');
    const broken = { ...env, AZURE_AUTHORITY_HOST: 'https://elsewhere.example/' };
    expect(() => execFileSync('bash', [path.join(dir, 'acr.sh')], { env: broken, encoding: 'utf8', stdio: 'pipe' })).toThrow();
  });
});
