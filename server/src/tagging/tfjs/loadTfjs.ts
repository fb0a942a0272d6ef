import path from 'node:path';
import type * as TfjsModule from '@tensorflow/tfjs';

type Tfjs = typeof TfjsModule;
let loading: Promise<Tfjs> | undefined;

/**
 * TensorFlow.js on the WebAssembly backend, loaded once per process on first use. The .wasm files
 * come from the installed package (never a CDN). The Emscripten glue registers process-wide
 * `uncaughtException`/`unhandledRejection` handlers that rethrow; they are removed so that a
 * server's own handlers keep deciding what an unhandled error does.
 */
export function loadTfjs(): Promise<Tfjs> {
  loading ??= (async () => {
    const before = {
      uncaughtException: process.listeners('uncaughtException'),
      unhandledRejection: process.listeners('unhandledRejection'),
    };
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const wasmDir = path.dirname(
      require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
    );
    wasm.setWasmPaths(`${wasmDir}${path.sep}`);
    tf.env().set('IS_BROWSER', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend could not start');
    await tf.ready();
    for (const listener of process.listeners('uncaughtException')) {
      if (!before.uncaughtException.includes(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!before.unhandledRejection.includes(listener))
        process.removeListener('unhandledRejection', listener);
    }
    return tf;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
