/**
 * Writes a documentation-style vault of 150 notes under tests/fixtures/docs-vault/ for the privacy
 * benchmark's false-alarm count: the help pages of an invented note-taking app ("Quillmark"), full of
 * product and feature names, UI labels, operating systems, companies and cities, with release notes
 * that thank contributors, community pages naming hosts, and a credits page. Every person named is
 * invented and listed in labels.json (the only true person findings). Seeded: the same bytes every run.
 *
 *   npx tsx scripts/gen-docs-vault.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSeededRandom } from '../electron/core/seeded-random.ts';

const OUT_DIR = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'docs-vault');

const random = createSeededRandom(20261204);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const some = <T>(items: readonly T[], n: number): T[] => [...items].sort(() => random() - 0.5).slice(0, n);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const APP = 'Quillmark';
const FEATURES = [
  'Quillmark Sync', 'Quillmark Publish', 'Canvas', 'Graph view', 'Command palette', 'Daily notes', 'Templates', 'Backlinks',
  'Outline', 'Bookmarks', 'Quick switcher', 'Slash commands', 'Word count', 'File recovery', 'Audio recorder', 'Page preview',
  'Properties view', 'Tag pane', 'Random note', 'Slides', 'Web viewer', 'Bases', 'Footnotes view', 'Outgoing links', 'Unique note creator',
  'Workspaces', 'Format converter', 'Note composer', 'Search', 'Starred',
] as const;
const UI = ['Ribbon', 'Settings', 'Appearance', 'Hotkeys', 'Browse', 'Sidebar', 'Status bar', 'Title bar', 'File explorer', 'Editor', 'Reading view',
  'Source mode', 'Live Preview', 'Vault switcher', 'Help', 'About', 'Files and links', 'Core plugins', 'Community plugins', 'Safe mode', 'Toggle', 'Manage',
  'Install', 'Enable', 'Options', 'General', 'Account', 'Backup', 'Restore', 'Version history', 'Open', 'Close', 'Delete', 'Rename', 'Move'] as const;
const PLATFORMS = ['Windows', 'macOS', 'Linux', 'iOS', 'iPadOS', 'Android', 'ChromeOS', 'Ubuntu', 'Fedora', 'Debian'] as const;
const COMPANIES = ['Apple', 'Google', 'Microsoft', 'Dropbox', 'iCloud', 'GitHub', 'OneDrive', 'Syncthing', 'Zotero', 'Readwise', 'Flatpak', 'Snap Store', 'App Store', 'Google Play'] as const;
const CITIES = ['San Francisco', 'Berlin', 'Toronto', 'Tokyo', 'London', 'Amsterdam', 'Melbourne', 'New York', 'São Paulo', 'Lisbon', 'Singapore', 'Frankfurt', 'Montréal', 'Seoul'] as const;
const LANGS = ['English', 'Deutsch', 'Español', 'Français', 'Japanese', 'Korean', 'Portuguese', 'Chinese'] as const;
const PEOPLE = [
  'Priya Raman', 'Jonas Lindqvist', 'Amara Okafor', 'Mateo Giménez', 'Hana Kobayashi', 'Lukas Brandt', 'Chloé Marchand', 'Tomasz Wiśniewski',
  'Fatima Haddad', 'Oliver Pennington', 'Sun-hee Park', 'Diego Alvarado', 'Ingrid Solheim', 'Kwame Mensah', 'Elena Petrova', 'Ravi Subramanian',
  'Maja Kowalczyk', 'Noah Feldman', 'Aiko Tanaka', 'Björn Axelsson', 'Camille Dubois', 'Yusuf Demir', 'Grace Whitfield', 'Arjun Mehta',
  'Sofia Rinaldi', 'Mei Lin', 'Henrik Dahl', 'Zainab Bello', 'Pedro Carvalho', 'Anouk de Vries', 'Liam O’Connell', 'Nadia Rahman',
  'Emil Nyström', 'Chiara Conti', 'Dmitri Volkov', 'Leilani Kahale', 'Marcus Webb', 'Rosa Jiménez', 'Thabo Nkosi', 'Freya Lindgren',
] as const;

interface Note { file: string; text: string; persons: string[] }
const notes: Note[] = [];
const fill = (template: string, extra: Record<string, string> = {}) =>
  template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    if (key in extra) return extra[key] as string;
    switch (key) {
      case 'feature': return pick(FEATURES);
      case 'ui': return pick(UI);
      case 'ui2': return pick(UI);
      case 'platform': return pick(PLATFORMS);
      case 'company': return pick(COMPANIES);
      case 'city': return pick(CITIES);
      case 'lang': return pick(LANGS);
      case 'n': return String(int(2, 50));
      case 'version': return `${int(0, 1)}.${int(1, 12)}.${int(0, 9)}`;
      default: return key;
    }
  });

const INTRO = [
  '{feature} lets you {verb} without leaving the editor.',
  '{feature} is a core plugin. Turn it on under {ui} → Core plugins.',
  'With {feature} you can {verb}, and it works the same on {platform} and {platform2}.',
  '{feature} is available on every plan; {paid} needs a subscription.',
  'Frequently, people use {feature} together with {other} to {verb}.',
  'Use {feature} when you want to {verb}.',
  'Introduced in {APP} {version}, {feature} replaced the old {ui} panel.',
  'Note: {feature} stores its data inside your vault, in the .quillmark folder.',
];
const VERBS = ['link ideas', 'find a note quickly', 'review yesterday', 'keep a history of changes', 'publish a site', 'collect highlights',
  'move notes between folders', 'see how notes connect', 'record a voice memo', 'start from a template', 'jump to a heading', 'count words'];
const STEP = [
  'Open {ui} and select {ui2}.', 'In the {ui}, click {ui2}.', 'Press Ctrl+P (Cmd+P on macOS) to open the Command palette, then type "{feature}".',
  'Select {ui2} next to {feature}.', 'Click Browse to pick a folder, then press Open.', 'Toggle {feature} on.', 'Choose {lang} from the Language menu.',
  'Restart {APP} if the {ui} does not refresh.', 'Drag the note onto the {ui}.', 'Right-click the file in the File explorer and choose Rename.',
];
const TIP = [
  'Tip: {feature} respects your Hotkeys, so you can bind it in {ui}.', 'On {platform}, {feature} may ask for permission the first time.',
  'If you use {company} to sync, turn off {feature} to avoid conflicts.', 'Quillmark Sync keeps {n} days of Version history on the Standard plan.',
  'Our servers for Quillmark Sync are in {city} and {city2}; pick the nearest region in Settings.', '{APP} for {platform} is on the {store}.',
  'Frequently asked questions about {feature} are on the Help page.', 'Honestly, most people never change this setting.',
  'Markdown files stay plain text, so {company} and other tools can read them.', 'See also: {feature}, {other} and the {ui} reference.',
];
const verbFill = () => ({ verb: pick(VERBS), platform2: pick(PLATFORMS), paid: pick(['Quillmark Sync', 'Quillmark Publish']), other: pick(FEATURES), APP, city2: pick(CITIES), store: pick(['App Store', 'Google Play', 'Snap Store', 'Flatpak']) });

function sentenceBlock(templates: readonly string[], count: number): string {
  return some(templates, count).map((t) => fill(t, verbFill())).join(' ');
}

for (const feature of FEATURES) {
  const steps = some(STEP, int(3, 5)).map((s, i) => `${i + 1}. ${fill(s, { ...verbFill(), feature })}`).join('\n');
  notes.push({
    file: `Features/${feature}.md`,
    text: `# ${feature}\n\n${sentenceBlock(INTRO.map((t) => t.replace(/\{feature\}/g, feature)), 2)}\n\n## Turn on ${feature}\n\n${steps}\n\n## Tips\n\n${sentenceBlock(TIP, 2)}\n`,
    persons: [],
  });
}

const HOWTO_TITLES = ['Sync your notes across devices', 'Back up your vault', 'Import from Evernote', 'Import from Apple Notes', 'Move your vault to another folder',
  'Publish a site', 'Use Quillmark on a tablet', 'Set up a daily note', 'Create your first template', 'Link notes with backlinks', 'Change the theme',
  'Use keyboard shortcuts', 'Embed images', 'Work with PDFs', 'Share a note', 'Recover a deleted note', 'Use tags', 'Organise with folders',
  'Write in Markdown', 'Use Canvas for planning', 'Search your vault', 'Use properties', 'Set up a workspace', 'Record audio notes', 'Translate the interface',
  'Use Quillmark with Git', 'Use Quillmark with Dropbox', 'Use Quillmark with iCloud', 'Use Quillmark with Syncthing', 'Work offline', 'Speed up a large vault',
  'Choose a vault location', 'Open a vault from the Vault switcher', 'Pin a note', 'Print a note', 'Export to PDF', 'Install a community plugin',
  'Uninstall a plugin', 'Troubleshoot Safe mode', 'Report a bug'];
for (const title of HOWTO_TITLES) {
  const steps = some(STEP, int(3, 6)).map((s, i) => `${i + 1}. ${fill(s, verbFill())}`).join('\n');
  notes.push({ file: `How to/${title}.md`, text: `# ${title}\n\n${sentenceBlock(INTRO, 1)} ${sentenceBlock(TIP, 1)}\n\n## Steps\n\n${steps}\n\n${sentenceBlock(TIP, int(1, 3))}\n`, persons: [] });
}

for (const platform of PLATFORMS) {
  notes.push({
    file: `Install/${APP} on ${platform}.md`,
    text: `# ${APP} on ${platform}\n\nDownload ${APP} for ${platform} from the website or the ${pick(['App Store', 'Google Play', 'Snap Store', 'Flatpak'])}. ${APP} ${fill('{version}')} needs ${platform} ${int(10, 14)} or later.\n\n${sentenceBlock(TIP, 2)}\n\nIf ${platform} blocks the installer, open Settings → Privacy and allow it, then click Open.\n`,
    persons: [],
  });
}

const CHANGES = ['Fixed a crash in {feature} on {platform}.', 'Improved {feature} performance on large vaults.', '{feature} now remembers the last {ui} you used.',
  'Added {lang} translations.', 'The {ui} can now be hidden from the {ui2}.', 'Quillmark Sync uploads attachments in parallel.', 'Fixed {feature} ignoring the {ui} setting.'];
for (let i = 0; i < 30; i++) {
  const version = `1.${Math.floor(i / 4) + 1}.${i % 4}`;
  const thanked = random() < 0.6 ? some(PEOPLE, int(1, 2)) : [];
  const lines = some(CHANGES, int(3, 5)).map((c) => `- ${fill(c, verbFill())}`);
  const thanks = thanked.length === 0 ? '' : `\n\n${pick(['Thanks to', 'Many thanks to', 'Contributed by'])} ${thanked.join(' and ')} for ${pick(['the fix', 'reporting this', 'the translation', 'testing the beta'])}.`;
  notes.push({ file: `Releases/${APP} ${version}.md`, text: `# ${APP} ${version}\n\nReleased ${pick(['January', 'March', 'May', 'July', 'September', 'November'])} ${int(1, 28)}, 2026.\n\n## Improvements\n\n${lines.join('\n')}${thanks}\n`, persons: thanked });
}

const FAQ = ['Why does {feature} not show up?', 'Can I use {APP} without an account?', 'Does {feature} work on {platform}?', 'Where are my settings stored?',
  'How do I reset the {ui}?', 'Is my data encrypted?', 'Can I use {company} instead of Quillmark Sync?', 'Why is the {ui} empty?'];
const ANSWER = ['Yes. {feature} works offline, and syncs when you reconnect.', 'Open {ui} and check that {feature} is toggled on.', 'No. Your notes stay on your device unless you turn on Quillmark Sync.',
  'Quillmark Sync uses end-to-end encryption; not even the team in {city} can read your notes.', 'Settings live in the .quillmark folder inside the vault.', 'Try Safe mode: it turns off every community plugin.'];
for (let i = 0; i < 20; i++) {
  const qs = some(FAQ, int(3, 4)).map((q) => `## ${fill(q, verbFill())}\n\n${fill(pick(ANSWER), verbFill())} ${fill(pick(TIP), verbFill())}`);
  notes.push({ file: `Help/FAQ ${i + 1}.md`, text: `# Frequently asked questions (${i + 1})\n\n${qs.join('\n\n')}\n`, persons: [] });
}

for (let i = 0; i < 8; i++) {
  const city = CITIES[i] as string;
  const hosts = some(PEOPLE, int(1, 2));
  notes.push({
    file: `Community/Meetup ${city}.md`,
    text: `# Meetup in ${city}\n\nThe ${city} meetup is hosted by ${hosts.join(' and ')}. We meet on the first Thursday of the month to share workflows, plugins and themes.\n\nBring a laptop; ${hosts[0]?.split(' ')[0]} will demo Canvas and Quillmark Publish. Everyone is welcome, whether you use ${APP} on ${pick(PLATFORMS)} or ${pick(PLATFORMS)}.\n`,
    persons: hosts,
  });
}

const credited = some(PEOPLE, 24);
notes.push({
  file: 'Credits.md',
  text: `# Credits\n\n${APP} is made by a small team and many contributors.\n\n## Team\n\n${credited.slice(0, 8).map((p) => `- ${p}, ${pick(['engineering', 'design', 'support', 'documentation', 'sync', 'mobile'])}`).join('\n')}\n\n## Translators\n\n${credited.slice(8, 16).map((p) => `- ${pick(LANGS)}: ${p}`).join('\n')}\n\n## Special thanks\n\n${credited.slice(16).join(', ')}, and everyone who reported bugs.\n`,
  persons: credited,
});
notes.push({ file: 'Home.md', text: `# Welcome to ${APP} Help\n\nStart with Sync your notes across devices, or browse the Features. ${APP} runs on Windows, macOS, Linux, iOS and Android.\n\nFrequently visited: Quillmark Sync, Canvas, Command palette, Templates.\n`, persons: [] });
while (notes.length < 150) {
  const n = notes.length;
  notes.push({ file: `Reference/Glossary ${n}.md`, text: `# Glossary ${n}\n\n${sentenceBlock(INTRO, 2)} ${sentenceBlock(TIP, 2)}\n`, persons: [] });
}

fs.rmSync(path.join(OUT_DIR, 'notes'), { recursive: true, force: true });
for (const note of notes) {
  const file = path.join(OUT_DIR, 'notes', note.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, note.text);
}
fs.writeFileSync(path.join(OUT_DIR, 'labels.json'), `${JSON.stringify(notes.map((n) => ({ file: n.file, persons: n.persons })), null, 1)}\n`);
console.log(`Wrote ${notes.length} notes to ${path.relative(process.cwd(), OUT_DIR)}`);
