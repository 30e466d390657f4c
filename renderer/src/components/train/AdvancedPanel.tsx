export type PresetConfig = Record<string, Record<string, unknown>>;

/** Keys the form sets itself (the base model folder, the dataset files), so not offered here. */
const SET_BY_FORM = new Set(['model.path', 'data.train', 'data.validation', 'data.test']);

/** How a preset value is shown in its field and written back as an override. */
export function presetValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

/**
 * The `section.key=value` overrides for the fields the person changed; the core parses each value
 * as JSON where it can (numbers, booleans, lists), else takes it as text, as the trainer does.
 */
export function overridesFrom(config: PresetConfig | null, edits: Record<string, string>): string[] {
  if (!config) return [];
  return Object.entries(edits)
    .filter(([key, text]) => {
      const [section, name] = key.split('.', 2);
      return text.trim() !== '' && text !== presetValueText(config[section]?.[name]);
    })
    .map(([key, text]) => `${key}=${text.trim()}`);
}

interface AdvancedPanelProps {
  config: PresetConfig;
  edits: Record<string, string>;
  onEdit: (key: string, value: string) => void;
  onReset: () => void;
}

/** Every hyperparameter of the chosen preset, by section, editable; changed ones are marked. */
export function AdvancedPanel({ config, edits, onEdit, onReset }: AdvancedPanelProps) {
  const changed = overridesFrom(config, edits);
  return (
    <details className="train-advanced">
      <summary>
        Advanced: every setting of this preset
        {changed.length > 0 ? <span className="badge badge-warn train-changed-count">{changed.length} changed</span> : null}
      </summary>
      <p className="muted">
        Values are sent as <code>section.key=value</code> and win over the preset. Numbers accept <code>1e-4</code>; true/false
        for switches.
      </p>
      {Object.entries(config).map(([section, values]) => (
        <fieldset key={section} className="train-section">
          <legend>{section}</legend>
          {Object.entries(values)
            .filter(([name]) => !SET_BY_FORM.has(`${section}.${name}`))
            .map(([name, value]) => {
              const key = `${section}.${name}`;
              const text = edits[key] ?? presetValueText(value);
              const isChanged = text !== presetValueText(value);
              return (
                <label key={key} className={isChanged ? 'train-field train-field-changed' : 'train-field'}>
                  <span className="train-field-name">{key}</span>
                  {typeof value === 'boolean' ? (
                    <select aria-label={key} value={text} onChange={(e) => onEdit(key, e.target.value)}>
                      <option value="true">true</option>
                      <option value="false">false</option>
                    </select>
                  ) : (
                    <input aria-label={key} type="text" value={text} spellCheck={false} onChange={(e) => onEdit(key, e.target.value)} />
                  )}
                </label>
              );
            })}
        </fieldset>
      ))}
      {changed.length > 0 ? (
        <button type="button" className="button" onClick={onReset}>
          Back to the preset&apos;s values
        </button>
      ) : null}
    </details>
  );
}
