import { downloadUrl } from "../downloads.ts";
import { exportLayout, type ImageFormat } from "../figure-export.ts";
import { type Data, type Layout, Plotly } from "../plotly.ts";

export interface ExportedAnalysisImage {
  filename: string;
  format: ImageFormat;
  scale: number;
  width: number;
  height: number;
}

/**
 * Renders an analysis figure off-screen with its provenance drawn in (the explorer's layout for it)
 * and downloads it.
 */
export async function exportAnalysisImage(
  name: string,
  figure: { data: Data[]; layout: Partial<Layout> },
  lines: string[],
  format: ImageFormat,
  scale: number,
  width: number,
): Promise<ExportedAnalysisImage> {
  const layout = exportLayout(figure.layout, lines, width);
  const height = layout.height as number;
  // toImage accepts a whole figure, which its typings (element or id only) do not describe.
  const url = await Plotly.toImage({ data: figure.data, layout, config: { staticPlot: true } } as never, {
    format,
    width,
    height,
    scale: format === "png" ? scale : 1,
  });
  const filename = `plasticity-lab-${name}${format === "png" ? `@${scale}x` : ""}.${format}`;
  downloadUrl(url, filename);
  return { filename, format, scale, width, height };
}
