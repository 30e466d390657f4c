import type { DatasetExample } from '../../../../electron/api/calls/dataset.ts';

interface Props {
  examples: DatasetExample[];
  page: number;
  isLoading: boolean;
  onPage: (page: number) => void;
}

const splitLabels = {
  train: 'training',
  val: 'validation',
  test: 'test',
} as const;

/** Random examples, exactly as the model reads them: the base model's chat template applied. */
export function ExamplePager({ examples, page, isLoading, onPage }: Props) {
  return (
    <section className="card card-wide dataset-examples" aria-labelledby="dataset-examples">
      <div className="dataset-examples-head">
        <h2 id="dataset-examples">Examples as the model sees them</h2>
        <div className="dataset-pager">
          <button type="button" className="button" onClick={() => onPage(page - 1)} disabled={page === 0 || isLoading}>
            Previous
          </button>
          <span className="muted" data-testid="dataset-page">
            Sample {page + 1}
          </span>
          <button type="button" className="button" onClick={() => onPage(page + 1)} disabled={isLoading}>
            Other examples
          </button>
        </div>
      </div>
      {examples.length === 0 ? <p className="muted">No examples to show.</p> : null}
      <ol className="dataset-example-list">
        {examples.map((e, i) => (
          <li key={`${page}-${i}`} className="dataset-example">
            <p className="muted">
              {e.kind === 'raw' ? 'Your text' : 'Prompt and answer'} · {splitLabels[e.split]} split · {e.tokens} tokens
            </p>
            <pre data-testid="dataset-example">{e.rendered}</pre>
          </li>
        ))}
      </ol>
    </section>
  );
}
