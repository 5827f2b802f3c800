import sharp from 'sharp';

/** A JPEG of grey noise: costly to encode and to process, like a real scan. */
export function noiseJpeg(width: number, height: number, { mean = 120, sigma = 40, quality = 80 } = {}): Promise<Buffer> {
  // sharp's types ask for a background even though noise replaces it.
  return sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean, sigma } } }).jpeg({ quality }).toBuffer();
}
