// Fixture: the tagging handler must exist for the app to synthesize (these tests skip bundling).
export const handler = async (): Promise<void> => undefined;
