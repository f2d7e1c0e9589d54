// Line charts of a series of numbers: a text chart for the terminal (braille-
// free, plain characters so it survives any terminal and log) and an SVG.

/** A text line chart: `height` rows of `*` over a labelled y range. */
export function textChart(
  values: readonly number[],
  title = "",
  height = 10,
): string {
  const vs = values.filter(Number.isFinite);
  if (vs.length === 0) return (title ? title + "\n" : "") + "(no data)\n";
  const width = Math.min(60, values.length);
  const lo = Math.min(...vs), hi = Math.max(...vs);
  const span = hi - lo || 1;
  const rows = Array.from({ length: height }, () => new Array(width).fill(" "));
  for (let c = 0; c < width; c++) {
    const v = values[Math.floor((c * values.length) / width)];
    if (!Number.isFinite(v)) continue;
    const r = Math.round(((v - lo) / span) * (height - 1));
    rows[height - 1 - r][c] = "*";
  }
  const label = (v: number) => v.toPrecision(4).padStart(10);
  const lines = rows.map((row, i) => {
    const tag = i === 0
      ? label(hi)
      : i === height - 1
      ? label(lo)
      : " ".repeat(10);
    return `${tag} |${row.join("")}`.trimEnd();
  });
  lines.push(" ".repeat(10) + " +" + "-".repeat(width));
  lines.push(" ".repeat(12) + `0 .. ${values.length - 1}`);
  return (title ? title + "\n" : "") + lines.join("\n") + "\n";
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An SVG line chart (640×360) of `values`. */
export function svgChart(values: readonly number[], title = ""): string {
  const W = 640, H = 360, pad = 40;
  const vs = values.filter(Number.isFinite);
  const lo = vs.length ? Math.min(...vs) : 0,
    hi = vs.length ? Math.max(...vs) : 1;
  const span = hi - lo || 1, n = Math.max(1, values.length - 1);
  const pts = values.map((v, i) =>
    Number.isFinite(v)
      ? `${(pad + (i / n) * (W - 2 * pad)).toFixed(2)},${
        (H - pad - ((v - lo) / span) * (H - 2 * pad)).toFixed(2)
      }`
      : ""
  ).filter((p) => p !== "").join(" ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="20" text-anchor="middle" font-family="sans-serif">${
    esc(title)
  }</text>
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${
    H - pad
  }" stroke="black"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="black"/>
<text x="${
    pad - 4
  }" y="${pad}" text-anchor="end" font-size="10" font-family="sans-serif">${
    hi.toPrecision(4)
  }</text>
<text x="${pad - 4}" y="${
    H - pad
  }" text-anchor="end" font-size="10" font-family="sans-serif">${
    lo.toPrecision(4)
  }</text>
<polyline fill="none" stroke="steelblue" stroke-width="2" points="${pts}"/>
</svg>
`;
}
