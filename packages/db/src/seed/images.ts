/**
 * Demo pictures, drawn locally: an SVG per picture (soft gradient in the product's colour and a flat
 * illustration of its category) rendered by sharp. Nothing is downloaded and no text is drawn.
 * A manifest of content hashes lets a re-seed skip every picture that is already on disk.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { DemoCatalog, DemoCategory, DemoPicture, DemoProduct, Pattern } from './catalog-data/index.ts';
import { BLACK, WHITE, luminance, mix } from './colour.ts';
import { illustration } from './illustrations.ts';
import type { Ink } from './illustrations.ts';

/** Folder under the upload dir, and the URL prefix the pictures are served under. */
export const DEMO_IMAGE_DIR = 'demo';
export const DEMO_IMAGE_URL_PREFIX = '/uploads/demo/';
/** Bump when the drawing code changes so existing pictures are redrawn. */
const IMAGE_VERSION = 1;
const MANIFEST = '.manifest.json';
const PRODUCT_SIZE = 800;
const ICON_SIZE = 160;
/**
 * mozjpeg defaults (its quantisation table, deringing, optimised progressive scans) at quality 82,
 * without trellis quantisation: that alone doubles the time of a seed for a few per cent of size.
 */
const JPEG_OPTIONS = { quality: 82, mozjpeg: true, trellisQuantisation: false } as const;

interface ImageJob {
  name: string;
  svg: string;
  format: 'jpeg' | 'png';
}

export interface DemoImages {
  /** Picture URLs per product, in catalogue order. */
  productImages: string[][];
  /** Icon URL per category, in catalogue order. */
  categoryIcons: string[];
  /** Files drawn now, and files already on disk with the same content. */
  written: number;
  skipped: number;
}

export async function generateDemoImages(
  uploadDir: string,
  catalog: DemoCatalog,
  concurrency = 4,
): Promise<DemoImages> {
  const jobs: ImageJob[] = [];
  const productImages = catalog.products.map((product) =>
    product.pictures.map((picture, n) => {
      const name = `p${product.index}-${n + 1}.jpg`;
      jobs.push({ name, svg: productSvg(product, picture), format: 'jpeg' });
      return DEMO_IMAGE_URL_PREFIX + name;
    }),
  );
  const categoryIcons = catalog.categories.map((category) => {
    const name = `c${category.index}.png`;
    jobs.push({ name, svg: iconSvg(category), format: 'png' });
    return DEMO_IMAGE_URL_PREFIX + name;
  });

  const dir = join(uploadDir, DEMO_IMAGE_DIR);
  await mkdir(dir, { recursive: true });
  const manifest = await readManifest(join(dir, MANIFEST));
  let written = 0;
  let skipped = 0;
  await runPool(jobs, concurrency, async (job) => {
    const hash = createHash('sha256').update(`${IMAGE_VERSION}\n${job.format}\n${job.svg}`).digest('hex');
    const file = join(dir, job.name);
    if (manifest[job.name] === hash && (await isFile(file))) {
      skipped += 1;
      return;
    }
    const image = sharp(Buffer.from(job.svg));
    const data =
      job.format === 'jpeg'
        ? await image.jpeg(JPEG_OPTIONS).toBuffer()
        : await image.png({ compressionLevel: 9, palette: true }).toBuffer();
    // Write then rename, so a reader never sees half a picture.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, file);
    manifest[job.name] = hash;
    written += 1;
  });
  if (written > 0) {
    const temporary = join(dir, `${MANIFEST}.${process.pid}.tmp`);
    await writeFile(temporary, `${JSON.stringify(manifest, null, 1)}\n`);
    await rename(temporary, join(dir, MANIFEST));
  }
  return { productImages, categoryIcons, written, skipped };
}

// ---------------------------------------------------------------- drawing

function inkFor(main: string): Ink {
  const light = luminance(main);
  return {
    main,
    dark: mix(main, BLACK, light > 0.5 ? 0.5 : 0.55),
    detail: light < 0.08 ? mix(main, WHITE, 0.5) : mix(main, BLACK, 0.5),
    print: null,
  };
}

function productSvg(product: DemoProduct, picture: DemoPicture): string {
  const colour = picture.colour;
  const ink = { ...inkFor(colour), print: product.pattern ? 'url(#pat)' : null };
  const pale = luminance(colour) > 0.6;
  // A pale item sits on a warm grey-beige; any other on a wash of its own colour.
  const top = pale ? mix(colour, '#a0a0a8', 0.14) : mix(colour, WHITE, 0.86);
  const bottom = pale ? mix(colour, '#a0a0a8', 0.34) : mix(colour, WHITE, 0.64);
  const defs =
    `<linearGradient id="bg" x1="0" y1="0" x2="0.35" y2="1">` +
    `<stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>` +
    `<radialGradient id="glow" cx="0.5" cy="0.5" r="0.5">` +
    `<stop offset="0" stop-color="#ffffff" stop-opacity="0.7"/>` +
    `<stop offset="1" stop-color="#ffffff" stop-opacity="0"/></radialGradient>` +
    SHEEN +
    (product.pattern ? printPattern(product.pattern, colour) : '');
  const item = illustration(product.art, ink);
  const scene =
    picture.variant === 0
      ? `<rect width="800" height="800" fill="url(#bg)"/>` +
        `<circle cx="400" cy="400" r="330" fill="url(#glow)"/>` +
        `<circle cx="680" cy="128" r="64" fill="#ffffff" fill-opacity="0.22"/>` +
        `<circle cx="112" cy="690" r="96" fill="#ffffff" fill-opacity="0.16"/>` +
        `<circle cx="150" cy="150" r="10" fill="#ffffff" fill-opacity="0.5"/>` +
        `<circle cx="640" cy="640" r="7" fill="#ffffff" fill-opacity="0.5"/>` +
        `<ellipse cx="400" cy="686" rx="250" ry="22" fill="#000000" fill-opacity="0.10"/>` +
        item
      : `<rect width="800" height="800" fill="${top}"/>` +
        `<path d="M170 720 V350 A230 230 0 0 1 630 350 V720 Z" fill="${bottom}"/>` +
        `<rect y="690" width="800" height="110" fill="${mix(bottom, BLACK, 0.06)}"/>` +
        `<circle cx="120" cy="150" r="46" fill="#ffffff" fill-opacity="0.3"/>` +
        `<circle cx="690" cy="250" r="18" fill="#ffffff" fill-opacity="0.35"/>` +
        `<ellipse cx="400" cy="692" rx="220" ry="18" fill="#000000" fill-opacity="0.12"/>` +
        `<g transform="translate(400 690) scale(0.86) translate(-400 -690)">${item}</g>`;
  return svgDocument(PRODUCT_SIZE, defs, scene);
}

function iconSvg(category: DemoCategory): string {
  const ink: Ink = {
    main: '#ffffff',
    dark: mix(category.colour, BLACK, 0.4),
    detail: mix(category.colour, BLACK, 0.3),
    print: null,
  };
  const defs =
    `<linearGradient id="bg" x1="0" y1="0" x2="0.3" y2="1">` +
    `<stop offset="0" stop-color="${mix(category.colour, WHITE, 0.35)}"/>` +
    `<stop offset="1" stop-color="${category.colour}"/></linearGradient>` +
    SHEEN;
  const scene =
    `<circle cx="400" cy="400" r="392" fill="url(#bg)"/>` +
    `<g transform="translate(400 410) scale(0.78) translate(-400 -410)">${illustration(category.art, ink)}</g>`;
  return svgDocument(ICON_SIZE, defs, scene);
}

function svgDocument(size: number, defs: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 800 800">` +
    `<defs>${defs}</defs>${body}</svg>`
  );
}

const SHEEN =
  `<linearGradient id="sheen" x1="0" y1="0" x2="1" y2="0.2">` +
  `<stop offset="0" stop-color="#ffffff" stop-opacity="0.26"/>` +
  `<stop offset="0.45" stop-color="#ffffff" stop-opacity="0"/>` +
  `<stop offset="1" stop-color="#000000" stop-opacity="0.10"/></linearGradient>`;

/** The print as an SVG pattern `#pat`, in colours that stand out on the garment. */
function printPattern(pattern: Pattern, colour: string): string {
  const pale = luminance(colour) > 0.5;
  const ink = pale ? '#d0607a' : '#fff7ee';
  const open = (w: number, h: number) =>
    `<pattern id="pat" width="${w}" height="${h}" patternUnits="userSpaceOnUse">`;
  if (pattern === 'dots') {
    return `${open(56, 56)}<circle cx="14" cy="14" r="9" fill="${ink}"/><circle cx="42" cy="42" r="9" fill="${ink}"/></pattern>`;
  }
  if (pattern === 'stripes') {
    return `${open(40, 40)}<rect y="0" width="40" height="14" fill="${pale ? '#2e3d66' : '#fff7ee'}" fill-opacity="0.9"/></pattern>`;
  }
  const leaf = pale ? '#7ea56c' : '#cfe3bf';
  return (
    open(84, 84) +
    flower(20, 22, ink) +
    flower(62, 64, ink) +
    `<ellipse cx="36" cy="64" rx="9" ry="4" fill="${leaf}" transform="rotate(-35 36 64)"/>` +
    `<ellipse cx="66" cy="28" rx="9" ry="4" fill="${leaf}" transform="rotate(30 66 28)"/>` +
    `</pattern>`
  );
}

function flower(x: number, y: number, petal: string): string {
  let petals = '';
  for (let i = 0; i < 5; i += 1) {
    const angle = (i * 2 * Math.PI) / 5 - Math.PI / 2;
    const px = (x + Math.cos(angle) * 7).toFixed(1);
    const py = (y + Math.sin(angle) * 7).toFixed(1);
    petals += `<circle cx="${px}" cy="${py}" r="6" fill="${petal}"/>`;
  }
  return `${petals}<circle cx="${x}" cy="${y}" r="4" fill="#f2c14e"/>`;
}

// ---------------------------------------------------------------- files

async function readManifest(file: string): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, string>;
  } catch {
    // No manifest yet, or a damaged one: every picture is drawn again.
  }
  return {};
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
