import { buildExamplePlatform } from './platform';
import { PlatformApp } from '../../src';

// `npx cdk8s synth` runs this file (see cdk8s.yaml) and writes the platform to dist/.
const app = new PlatformApp();
buildExamplePlatform(app);
app.synth();
