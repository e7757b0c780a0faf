import { PlatformApp } from '../../src';
import { buildExamplePlatform } from './platform';

// `npx cdk8s synth` runs this file (see cdk8s.yaml) and writes the platform to dist/.
const app = new PlatformApp();
buildExamplePlatform(app);
app.synth();
