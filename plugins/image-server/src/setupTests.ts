import '@testing-library/jest-dom';

// jsdom has no object URLs; thumbnails only need a unique string per blob.
let objectUrls = 0;
Object.assign(URL, {
  createObjectURL: () => `blob:test/${++objectUrls}`,
  revokeObjectURL: () => undefined,
});

// recharts' ResponsiveContainer measures its parent; jsdom has no ResizeObserver.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
