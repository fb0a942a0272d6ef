import { DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { collectPackages } from './collectPackages';

export interface SharpLayerProps {
  /** A folder whose node_modules hold sharp (the server workspace). */
  readonly resolveFrom: string;
}

/**
 * A Lambda layer with sharp and its prebuilt Linux x64 (glibc) binaries, copied from the
 * repository's installed packages: no Docker and no network at synthesis. Functions mark `sharp`
 * external and find it in `/opt/nodejs/node_modules`.
 */
export class SharpLayer extends Construct {
  static readonly ARCHITECTURE = lambda.Architecture.X86_64;
  readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string, props: SharpLayerProps) {
    super(scope, id);
    const packages = collectPackages('sharp', props.resolveFrom, 'linux-x64');
    const sharpDir = packages[0]!.dir;
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      description: 'sharp with its linux-x64 binaries',
      compatibleArchitectures: [SharpLayer.ARCHITECTURE],
      compatibleRuntimes: [lambda.Runtime.NODEJS_24_X],
      code: lambda.Code.fromAsset(sharpDir, {
        bundling: {
          // Never used: local bundling below always succeeds or throws.
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
          local: {
            tryBundle(outputDir: string): boolean {
              for (const pkg of packages) {
                cpSync(pkg.dir, path.join(outputDir, 'nodejs', 'node_modules', pkg.name), {
                  recursive: true,
                  dereference: true,
                });
              }
              return true;
            },
          },
        },
      }),
    });
  }
}
