// Jinja2's lipsum(n=5, html=True, min=20, max=100) global: n paragraphs of random lorem ipsum, each of min to max-1
// words drawn from Jinja2's word list (no word twice in a row), capitalised at sentence starts, with commas and full
// stops at random intervals and a full stop at the end; as HTML each paragraph is a <p> line. Random, as in Python:
// templates can rely on its shape, never on its words.

/** Jinja2's LOREM_IPSUM_WORDS (jinja2/constants.py). */
const WORDS = (
  'a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class ' +
  'commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus ' +
  'diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et ' +
  'etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant ' +
  'habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus ' +
  'laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris ' +
  'metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra ' +
  'nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea ' +
  'porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus ' +
  'risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit ' +
  'suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies ' +
  'urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate'
).split(' ');

export const LOREM_IPSUM_WORDS: readonly string[] = WORDS;

/** Python's random.randrange(lo, hi): an integer in [lo, hi), an error when that is empty. */
function randrange(lo: number, hi: number, random: () => number): number {
  if (hi <= lo) throw new Error(`empty range in randrange(${lo}, ${hi})`);
  return lo + Math.floor(random() * (hi - lo));
}

export function loremIpsum(n = 5, html = true, min = 20, max = 100, random: () => number = Math.random): string {
  const paragraphs: string[] = [];
  for (let p = 0; p < n; p++) {
    let capitalise = true;
    let lastComma = 0;
    let lastFullStop = 0;
    let last: string | undefined;
    const words: string[] = [];
    const count = randrange(min, max, random);
    for (let i = 0; i < count; i++) {
      let word: string;
      do word = WORDS[Math.floor(random() * WORDS.length)];
      while (word === last);
      last = word;
      if (capitalise) {
        word = word.charAt(0).toUpperCase() + word.slice(1);
        capitalise = false;
      }
      if (i - randrange(3, 8, random) > lastComma) {
        lastComma = i;
        lastFullStop += 2;
        word += ',';
      }
      if (i - randrange(10, 20, random) > lastFullStop) {
        lastComma = lastFullStop = i;
        word += '.';
        capitalise = true;
      }
      words.push(word);
    }
    let text = words.join(' ');
    if (text.endsWith(',')) text = text.slice(0, -1) + '.';
    else if (!text.endsWith('.')) text += '.';
    paragraphs.push(text);
  }
  // The words need no HTML escaping: the list has letters only.
  return html ? paragraphs.map((x) => `<p>${x}</p>`).join('\n') : paragraphs.join('\n\n');
}
