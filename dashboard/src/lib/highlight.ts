/**
 * A small syntax highlighter for JavaScript (UDF scripts) and JSON: one regex pass producing
 * escaped HTML spans. Good enough for editing short scripts; no parser, no dependencies.
 */
const KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new of return super switch this throw try typeof var void while with yield async await'.split(' '),
);
const LITERALS = new Set(['true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);

const TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|`(?:[^`\\]|\\[\s\S])*`?)|(\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b|\b0[xX][\da-fA-F]+\b)|([A-Za-z_$][\w$]*)|([{}()[\];,.<>=!+\-*/%&|^~?:]+)/g;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function highlight(code: string, lang: 'js' | 'json' | 'text'): string {
  if (lang === 'text') return escapeHtml(code);
  let out = '';
  let last = 0;
  for (const m of code.matchAll(TOKEN)) {
    out += escapeHtml(code.slice(last, m.index));
    last = m.index! + m[0].length;
    const text = escapeHtml(m[0]);
    let cls = '';
    if (m[1]) cls = 'c';
    else if (m[2]) cls = lang === 'json' && /^\s*:/.test(code.slice(last)) ? 'k' : 's';
    else if (m[3]) cls = 'n';
    else if (m[4]) cls = LITERALS.has(m[0]) ? 'n' : lang === 'js' && KEYWORDS.has(m[0]) ? 'kw' : lang === 'js' && code[last] === '(' ? 'f' : '';
    else if (m[5]) cls = 'p';
    out += cls ? `<span class="hl-${cls}">${text}</span>` : text;
  }
  return out + escapeHtml(code.slice(last));
}
