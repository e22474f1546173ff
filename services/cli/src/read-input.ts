import { readFile } from 'node:fs/promises';

/** A file that cannot be read, said in one line. */
export class InputError extends Error {}

function reasonOf(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, expected a file of events (one JSON object per line)';
    case 'EACCES':
      return 'permission denied';
    default:
      return error.message;
  }
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The whole input as text: a file, or standard input for `-`. */
export async function readInput(input: string): Promise<string> {
  if (input === '-') return readStandardInput();
  try {
    return await readFile(input, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${input}: ${reasonOf(error as NodeJS.ErrnoException)}`);
  }
}
