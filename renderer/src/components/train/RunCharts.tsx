import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepPoint } from './run-events.ts';

/** Dots help while a run has few steps; past this many they only hide the line. */
const MAX_DOTS = 80;

/** Tooltips show a step and rounded figures, not the trainer's full float precision. */
const formatValue = (value: unknown) => (typeof value === 'number' ? value.toFixed(value >= 100 ? 0 : 4) : String(value));
const formatStep = (step: unknown) => `Step ${String(step)}`;

const chartColors = { loss: '#3b5b7a', valLoss: '#c0562b', tokens: '#2f6b4f', vram: '#8a5a12' };

/**
 * Loss by step (training from progress events, validation from eval events), and speed and GPU
 * memory by step. `data-points` carries how many steps are drawn, for people reading the DOM and tests.
 */
export function RunCharts({ points }: { points: StepPoint[] }) {
  const lossPoints = points.filter((p) => p.loss !== undefined).length;
  const valPoints = points.filter((p) => p.valLoss !== undefined).length;
  const showDots = points.length <= MAX_DOTS;
  if (points.length === 0) {
    return <p className="muted train-chart-empty">The charts start with the first training step (the model loads first).</p>;
  }
  return (
    <div className="train-charts">
      <figure className="train-chart" data-testid="train-loss-chart" data-points={lossPoints} data-val-points={valPoints}>
        <figcaption>Loss by step</figcaption>
        <ResponsiveContainer width="100%" height={230}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis domain={['auto', 'auto']} width={52} tickFormatter={(v: number) => v.toFixed(2)} />
            <Tooltip formatter={formatValue} labelFormatter={formatStep} />
            <Legend />
            <Line
              name="Training loss"
              dataKey="loss"
              stroke={chartColors.loss}
              dot={showDots}
              connectNulls
              isAnimationActive={false}
              className="train-line-loss"
            />
            <Line
              name="Validation loss"
              dataKey="valLoss"
              stroke={chartColors.valLoss}
              dot={showDots}
              connectNulls
              isAnimationActive={false}
              className="train-line-val"
            />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="train-chart" data-testid="train-speed-chart">
        <figcaption>Speed (tokens/s) and GPU memory (GB)</figcaption>
        <ResponsiveContainer width="100%" height={230}>
          <LineChart data={points.filter((p) => p.tokensPerS !== undefined)} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis yAxisId="tokens" width={52} />
            <YAxis yAxisId="vram" orientation="right" width={40} />
            <Tooltip formatter={formatValue} labelFormatter={formatStep} />
            <Legend />
            <Line yAxisId="tokens" name="Tokens/s" dataKey="tokensPerS" stroke={chartColors.tokens} dot={false} isAnimationActive={false} />
            <Line yAxisId="vram" name="VRAM GB" dataKey="vramGb" stroke={chartColors.vram} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
