import type { DatasetInfo } from '../../../../electron/api/calls/dataset.ts';
import { formatCount } from './format.ts';

/** Datasets built so far, newest first, with where their files are. */
export function DatasetList({ datasets }: { datasets: DatasetInfo[] }) {
  return (
    <section className="card card-wide" aria-labelledby="dataset-built">
      <h2 id="dataset-built">Built datasets</h2>
      {datasets.length === 0 ? (
        <p className="muted">None yet. Build one when the numbers above look right.</p>
      ) : (
        <ul className="dataset-built-list">
          {datasets.map((d) => (
            <li key={d.id} data-testid="dataset-built">
              <strong>{d.id}</strong> · {d.settings.style} · {formatCount(d.summary.splits.train.examples + d.summary.splits.val.examples + d.summary.splits.test.examples)}{' '}
              examples · {formatCount(d.summary.totalTokens)} tokens · {d.base.name}
              <br />
              <code>{d.path}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
