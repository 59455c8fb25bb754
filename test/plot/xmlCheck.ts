// A small XML well-formedness checker for the SVG output (no DTD support needed).
const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;

function checkEntities(text: string, where: number): void {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(text)) throw new Error(`bad entity at ${where + i}: ${JSON.stringify(text.slice(i, i + 12))}`);
  }
}

/** Throws with the offset of the first well-formedness error; returns the root element name. */
export function checkXml(xml: string): string {
  const stack: string[] = [];
  let root = '';
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.trim() && stack.length === 0) throw new Error(`text outside the root at ${i}`);
    checkEntities(text, i);
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) throw new Error(`unclosed comment at ${lt}`);
      i = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) throw new Error(`unclosed tag at ${lt}`);
    const tag = xml.slice(lt + 1, gt);
    if (tag.includes('<')) throw new Error(`'<' inside tag at ${lt}`);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${lt}`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const m = NAME.exec(body);
      if (!m) throw new Error(`bad element name at ${lt}`);
      let rest = body.slice(m[0].length);
      const seen = new Set<string>();
      const ATTR = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"<]*)"/;
      for (;;) {
        const a = ATTR.exec(rest);
        if (!a) break;
        if (seen.has(a[1])) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
        seen.add(a[1]);
        checkEntities(a[2], lt);
        rest = rest.slice(a[0].length);
      }
      if (rest.trim()) throw new Error(`malformed attributes in <${m[0]}> at ${lt}: ${JSON.stringify(rest.slice(0, 40))}`);
      if (stack.length === 0) {
        if (root) throw new Error(`second root element at ${lt}`);
        root = m[0];
      }
      if (!selfClosing) stack.push(m[0]);
      else if (stack.length === 0) i = gt + 1;
    }
    i = gt + 1;
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Structural summary of an SVG: element counts, axis tick labels, series point counts. */
export function summarize(svg: string): Record<string, unknown> {
  const counts: Record<string, number> = {};
  for (const m of svg.matchAll(/<([a-zA-Z]+)[\s/>]/g)) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
  const root = /<svg([^>]*)>/.exec(svg)?.[1] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1];
  const axes: Record<string, string[]> = {};
  for (const m of svg.matchAll(/<g class="axis [^"]*" data-axis="([^"]+)"[^>]*>(.*?)<\/g>/g)) {
    axes[m[1]] = [...m[2].matchAll(/class="tick-label"[^>]*>([^<]*)</g)].map((t) => t[1]);
  }
  const axisTitles = [...svg.matchAll(/class="axis-label"[^>]*>([^<]*)</g)].map((t) => t[1]);
  const points = [...svg.matchAll(/class="points" data-count="(\d+)"/g)].map((m) => Number(m[1]));
  const legend = [...svg.matchAll(/class="legend-entry" data-label="([^"]*)"/g)].map((m) => m[1]);
  return { plot: attr('data-plot'), width: attr('width'), height: attr('height'), counts, axes, axisTitles, points, legend };
}

/** Tick values and px positions of one axis. */
export function ticksOf(svg: string, axis: string): { value: number; x: number; y: number }[] {
  const g = new RegExp(`<g class="axis [^"]*" data-axis="${axis}"[^>]*>(.*?)</g>`).exec(svg)?.[1] ?? '';
  return [...g.matchAll(/<line class="tick" data-value="([^"]+)" x1="([^"]+)" x2="[^"]+" y1="([^"]+)"/g)].map((m) => ({ value: Number(m[1]), x: Number(m[2]), y: Number(m[3]) }));
}
