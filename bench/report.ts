export type BenchFigure = { name: string; value: number | null; unit: string; target: string; pass: boolean };

export function printTable(figures: BenchFigure[]): void {
  const width = Math.max(...figures.map((figure) => figure.name.length));
  console.log(`${'figure'.padEnd(width)}  ${'value'.padStart(12)}  ${'target'.padEnd(10)}  result`);
  for (const figure of figures) {
    const value = figure.value === null ? 'n/a' : `${figure.value} ${figure.unit}`;
    console.log(
      `${figure.name.padEnd(width)}  ${value.padStart(12)}  ${figure.target.padEnd(10)}  ${figure.target === 'report' ? '-' : figure.pass ? 'PASS' : 'MISS'}`,
    );
  }
}
