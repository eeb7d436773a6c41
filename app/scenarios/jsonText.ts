/**
 * JSON text from people (scenario files): parsed with a byte order mark allowed, and a
 * syntax error told as one sentence with its line and column.
 */

/** Line and column (both from 1) of a character offset in a text. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * Where JSON text first goes wrong and why (JSON.parse's own message names no place
 * for some mistakes, e.g. `[1,]`). Only called on text JSON.parse refused.
 */
function jsonSyntaxError(text: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw { offset: i, reason };
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const unexpected = (): never =>
    i >= text.length
      ? fail('the text ends too soon')
      : fail(`unexpected ${JSON.stringify(text[i])}`);
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else unexpected();
  };
  const string = (): void => {
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('a control character inside a string');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('a bad \\u escape');
          i += 4;
        } else if (i >= text.length || !'"\\/bfnrt'.includes(text[i]!)) fail('a bad escape');
      }
      i++;
    }
    if (i >= text.length) fail('a string is not closed');
    i++;
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail('nested too deeply');
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a property name in double quotes');
        string();
        space();
        if (text[i] !== ':') fail('expected ":" after a property name');
        i++;
        value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('expected "," or "}"');
      }
    } else if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('expected "," or "]"');
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!match || match[0] === '' || match[0] === '-') unexpected();
      i += match![0].length;
    }
  };
  try {
    value(0);
    space();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the end`);
    return { offset: i, reason: 'not valid JSON' };
  } catch (error) {
    if (error instanceof Error) throw error;
    return error as { offset: number; reason: string };
  }
}

/**
 * Parses JSON text as scenario files hold it: a UTF-8 byte order mark is skipped (the
 * browser's file reader drops it too), and a syntax error becomes one sentence with its
 * line and column.
 */
export function parseJsonText(
  text: string,
): { data: unknown; error: null } | { data: null; error: string } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { data: JSON.parse(body) as unknown, error: null };
  } catch {
    if (body.trim() === '') return { data: null, error: 'not valid JSON: the text is empty' };
    const { offset, reason } = jsonSyntaxError(body);
    const { line, column } = lineAndColumn(body, offset);
    return { data: null, error: `not valid JSON at line ${line}, column ${column}: ${reason}` };
  }
}
