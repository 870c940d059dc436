// Just enough HTML reading for the crawler: start tags, their attributes
// (quoted or not, as the minified pages write them) and ids. The pages are
// generated, with no inline script or comment, so a tag scanner is exact.
const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
export function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export function* tags(html) {
  for (const m of html.matchAll(TAG)) {
    const attrs = {};
    for (const a of (m[2] || '').matchAll(ATTR)) {
      attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    }
    yield { name: m[1].toLowerCase(), attrs };
  }
}

// Every URL a page refers to, with what refers to it.
// kind: 'link' (navigation, may point outside), 'resource' (loaded by the
// browser), 'canonical' (the public address of this page or of its
// translation, for search engines), 'form'.
export function references(html) {
  const out = [];
  for (const { name, attrs } of tags(html)) {
    const add = (url, kind) => { if (url != null) out.push({ url: url.trim(), kind, tag: name }); };
    switch (name) {
      case 'a':
      case 'area':
        add(attrs.href, 'link');
        break;
      case 'link': {
        const rel = (attrs.rel || '').toLowerCase().split(/\s+/);
        if (rel.includes('canonical') || (rel.includes('alternate') && attrs.hreflang)) add(attrs.href, 'canonical');
        else if (rel.includes('stylesheet') || rel.includes('icon') || rel.includes('preload') || rel.includes('manifest')) add(attrs.href, 'resource');
        else add(attrs.href, 'link');
        break;
      }
      case 'script': case 'iframe': case 'embed': case 'audio': case 'video': case 'track':
        add(attrs.src, 'resource');
        break;
      case 'img': case 'source':
        add(attrs.src, 'resource');
        if (attrs.srcset) for (const c of attrs.srcset.split(',')) add(c.trim().split(/\s+/)[0], 'resource');
        break;
      case 'image': case 'use':
        add(attrs.href ?? attrs['xlink:href'], 'resource');
        break;
      case 'object':
        add(attrs.data, 'resource');
        break;
      case 'form':
        add(attrs.action ?? '', 'form');
        break;
      default:
        break;
    }
  }
  return out;
}

// Every fragment target: id on any element, name on <a>.
export function anchors(html) {
  const ids = new Set();
  for (const { name, attrs } of tags(html)) {
    if (attrs.id) ids.add(attrs.id);
    if (name === 'a' && attrs.name) ids.add(attrs.name);
  }
  return ids;
}
