export const OUT: string;
export function buildPlugin(outDir?: string): Promise<string>;
