import type { CallInput } from '../../../../electron/api/index.ts';

export type DatasetSettings = Required<Pick<CallInput<'dataset.build'>, 'style' | 'maxTokens' | 'seed' | 'holdout'>> & { base?: string };

interface Props {
  settings: DatasetSettings;
  bases: { name: string }[];
  defaultBase: string;
  onChange: (settings: DatasetSettings) => void;
}

const styles: {
  value: DatasetSettings['style'];
  label: string;
  hint: string;
}[] = [
  {
    value: 'raw',
    label: 'Your text',
    hint: 'The model learns to write like you.',
  },
  {
    value: 'instruct',
    label: 'Prompts and answers',
    hint: '"Write my journal entry for …" answered by the entry.',
  },
  { value: 'both', label: 'Both', hint: 'One file holding both kinds.' },
];

/** Style, base model and the few knobs that change what is built. */
export function DatasetSettingsForm({ settings, bases, defaultBase, onChange }: Props) {
  const baseNames = bases.some((b) => b.name === defaultBase) ? bases.map((b) => b.name) : [defaultBase, ...bases.map((b) => b.name)];
  return (
    <section className="card dataset-settings" aria-labelledby="dataset-settings">
      <h2 id="dataset-settings">Settings</h2>
      <fieldset className="dataset-styles">
        <legend>Style</legend>
        {styles.map((s) => (
          <label key={s.value} className="dataset-choice">
            <input type="radio" name="dataset-style" value={s.value} checked={settings.style === s.value} onChange={() => onChange({ ...settings, style: s.value })} />
            <span>
              <strong>{s.label}</strong> <span className="muted">{s.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="dataset-fields">
        <label>
          Base model
          <select value={settings.base ?? defaultBase} onChange={(e) => onChange({ ...settings, base: e.target.value })}>
            {baseNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Longest example (tokens)
          <input
            type="number"
            min={128}
            max={32768}
            step={128}
            value={settings.maxTokens}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 128 && n <= 32768) onChange({ ...settings, maxTokens: n });
            }}
          />
        </label>
        <label>
          Split seed
          <input
            type="number"
            min={0}
            value={settings.seed}
            onChange={(e) =>
              onChange({
                ...settings,
                seed: Math.max(0, Math.floor(Number(e.target.value) || 0)),
              })
            }
          />
        </label>
        <label className="dataset-choice">
          <input
            type="checkbox"
            checked={settings.holdout === 'recent'}
            onChange={(e) =>
              onChange({
                ...settings,
                holdout: e.target.checked ? 'recent' : 'random',
              })
            }
          />
          <span>Test on the most recent 10% of entries</span>
        </label>
      </div>
    </section>
  );
}
