// `npm run deploy:generate` writes deploy/k8s/**/generated; `npm run deploy:check` fails when they are
// stale; `validate` renders every overlay and prints each manifest's schema problems as JSON (run as its own
// process because the kubernetes-models packages are ES modules only, which Jest's registry cannot load).
import path from 'node:path';
import { root } from './apps';
import { readOverlays, staleFiles, writeGenerated } from './generate';
import { kustomize } from './kustomize';
import { schemaProblems } from './schemas';

const [command] = process.argv.slice(2);
if (command === 'generate') {
  const written = writeGenerated();
  console.log(`deploy: wrote ${written.length} generated files under deploy/k8s`);
} else if (command === 'check') {
  const stale = staleFiles();
  if (stale.length > 0) {
    console.error(`✖ stale, run \`npm run deploy:generate\`:\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log('✔ deploy/k8s generated files are current');
} else if (command === 'validate') {
  const problems = Object.fromEntries(
    Object.keys(readOverlays()).map((overlay) => {
      const manifests = kustomize(path.join(root, 'deploy/k8s/overlays', overlay));
      return [overlay, { manifests: manifests.length, problems: manifests.flatMap(schemaProblems) }];
    }),
  );
  console.log(JSON.stringify(problems));
} else {
  console.error('usage: deploy generate | check | validate');
  process.exit(2);
}
