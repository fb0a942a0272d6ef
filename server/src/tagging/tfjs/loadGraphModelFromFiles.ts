import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphModel } from '@tensorflow/tfjs';
import { loadTfjs } from './loadTfjs';

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: unknown[] }[];
  format?: string;
  signature?: unknown;
}

/**
 * Loads a TensorFlow.js graph model from a model.json and its weight shards on the local disk,
 * through `tf.io.fromMemory`, so nothing is ever fetched over the network.
 * @throws Error when a file is missing or the model is not a graph model.
 */
export async function loadGraphModelFromFiles(modelJsonPath: string): Promise<GraphModel> {
  const tf = await loadTfjs();
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
  if (json.format !== undefined && json.format !== 'graph-model') {
    throw new Error(`${modelJsonPath} is a ${json.format}, not a graph model`);
  }
  const dir = path.dirname(modelJsonPath);
  const shards: Buffer[] = [];
  const specs: unknown[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) shards.push(await readFile(path.join(dir, shard)));
    specs.push(...group.weights);
  }
  const weights = Buffer.concat(shards);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as object,
      weightSpecs: specs as never,
      weightData: weights.buffer.slice(
        weights.byteOffset,
        weights.byteOffset + weights.byteLength,
      ) as ArrayBuffer,
      signature: json.signature as object,
    }),
  );
}
