import type { CallOutput } from '../../../../electron/api/index.ts';
import { TextWithCode } from '../TextWithCode.tsx';
import { formatDuration } from './run-events.ts';

type Preflight = CallOutput<'training.preflight'>;

const verdicts: Record<Preflight['vram']['verdict'], { label: string; tone: string }> = {
  fits: { label: 'Fits', tone: 'badge badge-ok' },
  will_not_fit: { label: 'Will not fit', tone: 'badge badge-danger' },
  unknown: { label: 'Not checked on a GPU', tone: 'badge badge-muted' },
};

/** What `training.preflight` found: GPU, memory estimate with advice, disk and expected duration. */
export function PreflightReport({ report }: { report: Preflight }) {
  const verdict = verdicts[report.vram.verdict];
  // The core repeats the GPU detail inside a longer message; say it once, in the longer form.
  const isGpuDetailRepeated = report.messages.some((m) => m.includes(report.gpu.detail));
  return (
    <div className="train-preflight" data-testid="train-preflight">
      <dl className="facts">
        <dt>GPU</dt>
        <dd>
          {report.gpu.found ? (
            <>
              <strong>{report.gpu.name}</strong>
              <span className="muted">
                {' '}
                {report.gpu.freeVramGb?.toFixed(1) ?? '?'} GB free of {report.gpu.totalVramGb?.toFixed(1) ?? '?'} GB
                {report.gpu.driver ? ` · driver ${report.gpu.driver}` : ''}
              </span>
            </>
          ) : (
            <span className="badge badge-muted">No NVIDIA GPU</span>
          )}
          {isGpuDetailRepeated ? null : (
            <div className="muted">
              <TextWithCode text={report.gpu.detail} />
            </div>
          )}
        </dd>
        <dt>GPU memory</dt>
        <dd>
          <span className={verdict.tone}>{verdict.label}</span>
          {report.vram.estimateGb !== null ? <span>about {report.vram.estimateGb.toFixed(1)} GB needed</span> : null}
          {report.vram.advice ? (
            <div className={report.vram.verdict === 'will_not_fit' ? 'train-advice-bad' : 'muted'}>
              <TextWithCode text={report.vram.advice} />
            </div>
          ) : null}
        </dd>
        <dt>Disk</dt>
        <dd>
          <span className={report.disk.ok ? 'badge badge-ok' : 'badge badge-danger'}>{report.disk.ok ? 'Enough space' : 'Too little space'}</span>
          {report.disk.freeGb.toFixed(1)} GB free, about {report.disk.neededGb} GB needed for checkpoints and exports
        </dd>
        <dt>Expected duration</dt>
        <dd>
          {report.duration.seconds !== null ? <strong>{formatDuration(report.duration.seconds)}</strong> : <span>Unknown</span>}
          {report.duration.tokens !== null ? <span className="muted"> · {report.duration.tokens.toLocaleString()} tokens</span> : null}
          {report.duration.detail ? <div className="muted">{report.duration.detail}</div> : null}
        </dd>
      </dl>
      {report.messages.length > 0 ? (
        <ul className="train-messages">
          {report.messages.map((message) => (
            <li key={message}>
              <TextWithCode text={message} />
            </li>
          ))}
        </ul>
      ) : null}
      {!report.canTrain ? (
        <p className="train-advice-bad" role="alert">
          Training cannot start on this machine with these settings; the lines above say what to change.
        </p>
      ) : null}
    </div>
  );
}
