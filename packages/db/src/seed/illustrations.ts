/**
 * Flat product illustrations as SVG fragments on an 800×800 canvas, item roughly within
 * x 160–640, y 140–680, resting on y ≈ 680. Only paths and basic shapes: no text, no fonts.
 */
import type { Art } from './catalog-data/index.ts';

export interface Ink {
  /** The product colour. */
  main: string;
  /** Outline. */
  dark: string;
  /** Seams and folds drawn on the item. */
  detail: string;
  /** Fill of a print laid over garments (`url(#pat)`), or null. */
  print: string | null;
}

const GOLD = '#d9b27c';
const CASE = '#34303a';
const WHITE_PART = '#f7f3ee';

function garment(d: string, ink: Ink, fill = ink.main): string {
  return [
    `<path d="${d}" fill="${fill}"/>`,
    ink.print && fill === ink.main ? `<path d="${d}" fill="${ink.print}"/>` : '',
    `<path d="${d}" fill="url(#sheen)"/>`,
    `<path d="${d}" fill="none" stroke="${ink.dark}" stroke-width="5" stroke-linejoin="round"/>`,
  ].join('');
}

function part(d: string, fill: string, ink: Ink, extra = ''): string {
  return `<path d="${d}" fill="${fill}" stroke="${ink.dark}" stroke-width="4" stroke-linejoin="round" ${extra}/>`;
}

function lines(d: string, ink: Ink, opacity = 0.35, width = 4): string {
  return `<path d="${d}" fill="none" stroke="${ink.detail}" stroke-width="${width}" stroke-linecap="round" stroke-opacity="${opacity}"/>`;
}

function dashed(d: string, ink: Ink, opacity = 0.35, width = 3): string {
  return lines(d, ink, opacity, width).replace('/>', ' stroke-dasharray="10 8"/>');
}

/** Buttons, clasps and snaps at `"x,y x,y …"`. */
function dots(points: string, r: number, fill: string, ink: Ink): string {
  return points
    .split(' ')
    .map((point) => point.split(','))
    .map(
      ([x, y]) =>
        `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}" stroke="${ink.dark}" stroke-width="2"/>`,
    )
    .join('');
}

function dress(ink: Ink): string {
  const body =
    'M352 150 L372 150 Q400 205 428 150 L448 150 Q452 198 488 224 Q476 300 462 350 L594 638 ' +
    'Q400 694 206 638 L338 350 Q324 300 312 224 Q348 198 352 150 Z';
  return (
    garment(body, ink) +
    lines('M372 384 Q346 520 298 652 M400 384 L400 668 M428 384 Q454 520 502 652', ink, 0.28) +
    part('M338 348 L462 348 L472 372 L328 372 Z', ink.dark, ink, 'fill-opacity="0.55"')
  );
}

function top(ink: Ink): string {
  const body =
    'M332 172 Q400 216 468 172 L560 206 L622 300 L556 338 L520 292 L522 620 Q400 638 278 620 ' +
    'L280 292 L244 338 L178 300 L240 206 Z';
  return (
    garment(body, ink) +
    part('M332 172 Q400 216 468 172 Q400 240 332 172 Z', ink.main, ink) +
    lines('M520 292 L508 210 M280 292 L292 210 M284 596 Q400 612 516 596', ink, 0.3)
  );
}

function knit(ink: Ink): string {
  const body =
    'M334 166 Q400 206 466 166 L552 196 Q590 214 600 282 L634 556 L574 570 L530 330 L528 612 ' +
    'Q400 630 272 612 L270 330 L226 570 L166 556 L200 282 Q210 214 248 196 Z';
  return (
    garment(body, ink) +
    part('M334 166 Q400 206 466 166 L472 184 Q400 232 328 184 Z', ink.main, ink) +
    lines('M276 586 Q400 604 524 586 M226 540 L170 530 M574 540 L630 530', ink, 0.4, 5) +
    lines(
      'M360 250 Q350 420 360 580 M440 250 Q450 420 440 580 M530 330 L514 232 M270 330 L286 232',
      ink,
      0.22,
    )
  );
}

function trousers(ink: Ink): string {
  const legs = 'M298 196 L502 196 L542 662 L424 662 L400 304 L376 662 L258 662 Z';
  return (
    garment(legs, ink) +
    part('M300 158 L500 158 L502 198 L298 198 Z', ink.main, ink) +
    lines(
      'M340 236 L320 650 M460 236 L480 650 M312 204 Q334 252 356 204 M444 204 Q466 252 488 204',
      ink,
      0.3,
    ) +
    dots('400,178', 7, GOLD, ink)
  );
}

function skirt(ink: Ink): string {
  const body = 'M320 228 L480 228 L590 620 Q400 664 210 620 Z';
  return (
    garment(body, ink) +
    part('M322 188 L478 188 L482 230 L318 230 Z', ink.main, ink) +
    lines('M350 236 L282 630 M380 236 L348 640 M420 236 L452 640 M450 236 L518 630', ink, 0.28)
  );
}

function coat(ink: Ink, hem: number): string {
  const cuff = hem - 80;
  const body =
    `M342 150 L458 150 L540 188 Q580 206 590 262 L632 ${cuff} L574 ${cuff + 12} L538 330 L542 ${hem} ` +
    `L258 ${hem} L262 330 L226 ${cuff + 12} L168 ${cuff} L210 262 Q220 206 260 188 Z`;
  const belt = hem > 600 ? part('M262 446 L538 446 L539 474 L261 474 Z', ink.main, ink) : '';
  return (
    garment(body, ink) +
    lines(`M400 356 L400 ${hem - 4} M538 330 L522 236 M262 330 L278 236`, ink, 0.35) +
    part('M342 150 L302 180 L350 244 L326 266 L400 358 Z', ink.main, ink) +
    part('M458 150 L498 180 L450 244 L474 266 L400 358 Z', ink.main, ink) +
    belt +
    dots(hem > 600 ? '424,410 424,530 376,410 376,530' : '418,400 418,460', 9, GOLD, ink) +
    lines(`M300 ${hem - 130} L360 ${hem - 130} M440 ${hem - 130} L500 ${hem - 130}`, ink, 0.4)
  );
}

function lipstick(ink: Ink): string {
  return (
    part(
      'M190 616 Q236 566 300 598 Q318 620 286 634 Q236 646 190 616 Z',
      ink.main,
      ink,
      'stroke-opacity="0.4"',
    ) +
    part(
      'M492 458 H598 Q610 458 610 470 V654 Q610 666 598 666 H492 Q480 666 480 654 V470 Q480 458 492 458 Z',
      CASE,
      ink,
    ) +
    part('M480 628 H610 V654 Q610 666 598 666 H492 Q480 666 480 654 Z', GOLD, ink) +
    part('M362 334 L362 246 Q362 226 384 216 L438 186 L438 334 Z', ink.main, ink) +
    '<path d="M372 330 L372 250 Q372 234 386 228 L392 226 L392 330 Z" fill="#ffffff" fill-opacity="0.25"/>' +
    part('M352 330 H448 V404 H352 Z', GOLD, ink) +
    part('M340 400 H460 V432 H340 Z', '#e6c590', ink) +
    part('M344 432 H456 V650 Q456 664 442 664 H358 Q344 664 344 650 Z', CASE, ink) +
    '<path d="M356 444 H372 V652 H356 Z" fill="#ffffff" fill-opacity="0.12"/>'
  );
}

function bottle(ink: Ink): string {
  return (
    part('M372 184 H428 Q436 184 436 192 V208 H364 V192 Q364 184 372 184 Z', GOLD, ink) +
    part('M432 190 H492 Q500 190 500 198 Q500 206 492 206 H432 Z', GOLD, ink) +
    part('M388 206 H412 V258 H388 Z', WHITE_PART, ink) +
    part('M360 254 H440 V306 H360 Z', GOLD, ink) +
    garment(
      'M350 304 H450 Q500 304 500 354 V632 Q500 668 464 668 H336 Q300 668 300 632 V354 Q300 304 350 304 Z',
      ink,
    ) +
    part('M330 420 H470 V580 H330 Z', WHITE_PART, ink, 'fill-opacity="0.9"') +
    lines('M356 462 H444 M366 494 H434 M376 532 H424', ink, 0.45, 6) +
    part(
      'M560 560 Q590 610 590 630 Q590 660 560 660 Q530 660 530 630 Q530 610 560 560 Z',
      ink.main,
      ink,
      'fill-opacity="0.8"',
    )
  );
}

function jar(ink: Ink): string {
  return (
    garment(
      'M262 420 H538 Q556 420 556 438 V628 Q556 666 518 666 H282 Q244 666 244 628 V438 Q244 420 262 420 Z',
      ink,
    ) +
    part(
      'M250 340 H550 Q566 340 566 356 V414 Q566 430 550 430 H250 Q234 430 234 414 V356 Q234 340 250 340 Z',
      GOLD,
      ink,
    ) +
    lines('M262 360 H538', ink, 0.3, 4) +
    part('M290 488 H510 V568 H290 Z', WHITE_PART, ink, 'fill-opacity="0.9"') +
    lines('M340 516 H460 M360 542 H440', ink, 0.45, 6) +
    part('M560 660 Q600 620 640 650 Q650 666 620 668 H566 Z', WHITE_PART, ink) +
    lines('M588 648 Q604 636 620 648', ink, 0.4, 3)
  );
}

function onesie(ink: Ink): string {
  const body =
    'M340 192 Q400 232 460 192 L540 216 L592 290 L538 328 L508 300 L512 500 Q520 580 476 642 L432 642 ' +
    'Q414 600 400 600 Q386 600 368 642 L324 642 Q280 580 288 500 L292 300 L262 328 L208 290 L260 216 Z';
  const heart = 'M400 458 C360 428 368 392 400 410 C432 392 440 428 400 458 Z';
  return (
    garment(body, ink) +
    part('M340 192 Q400 232 460 192 Q400 252 340 192 Z', ink.main, ink) +
    `<path d="${heart}" fill="#ffffff" fill-opacity="0.85"/>` +
    dots('400,262 400,300 400,338', 7, WHITE_PART, ink) +
    lines('M330 616 Q350 606 372 616 M428 616 Q450 606 470 616', ink, 0.3)
  );
}

function bag(ink: Ink): string {
  return (
    '<path d="M318 370 Q318 214 400 214 Q482 214 482 370" fill="none" stroke="' +
    ink.dark +
    '" stroke-width="26" stroke-linecap="round"/>' +
    '<path d="M318 370 Q318 214 400 214 Q482 214 482 370" fill="none" stroke="' +
    ink.main +
    '" stroke-width="16" stroke-linecap="round"/>' +
    garment('M252 362 H548 L592 636 Q594 664 566 664 H234 Q206 664 208 636 Z', ink) +
    part('M252 362 H548 L560 468 Q400 520 240 468 Z', ink.main, ink) +
    dashed('M266 378 H534 L542 456 Q400 500 258 456 Z', ink) +
    dots('400,492', 13, GOLD, ink)
  );
}

function shoe(ink: Ink): string {
  return (
    part('M160 622 H640 V646 Q640 666 620 666 H188 Q160 666 160 642 Z', WHITE_PART, ink) +
    garment('M168 624 Q172 562 250 546 L380 520 Q420 470 470 452 L598 440 Q626 520 630 624 Z', ink) +
    part('M404 504 Q470 474 594 462 L598 482 Q484 494 412 520 Z', ink.dark, ink, 'fill-opacity="0.7"') +
    lines('M250 548 Q228 590 238 620 M312 534 L348 566 M336 528 L372 558 M360 522 L394 548', ink, 0.4)
  );
}

function heel(ink: Ink): string {
  const body =
    'M168 632 Q186 560 312 536 Q440 512 522 430 Q560 396 598 404 Q614 442 602 486 L592 664 L568 664 ' +
    'L558 522 Q472 590 342 644 Q250 668 196 664 Q162 658 168 632 Z';
  return (
    garment(body, ink) +
    part(
      'M320 538 Q446 516 524 438 Q552 418 572 430 Q488 526 336 556 Z',
      ink.dark,
      ink,
      'fill-opacity="0.7"',
    ) +
    lines('M196 656 Q300 660 420 614 Q500 582 560 524', ink, 0.3)
  );
}

function hat(ink: Ink): string {
  return (
    garment(
      'M180 522 Q222 470 292 478 H508 Q578 470 620 522 Q642 560 602 572 Q400 614 198 572 Q158 560 180 522 Z',
      ink,
    ) +
    garment('M286 482 Q300 330 332 302 Q400 266 468 302 Q500 330 514 482 Z', ink) +
    part('M290 440 H510 L514 482 H286 Z', ink.dark, ink, 'fill-opacity="0.55"') +
    dashed('M206 548 Q400 590 594 548', ink)
  );
}

const ARTS: Record<Art, (ink: Ink) => string> = {
  dress,
  top,
  knit,
  trousers,
  skirt,
  coat: (ink) => coat(ink, 680),
  jacket: (ink) => coat(ink, 540),
  lipstick,
  bottle,
  jar,
  onesie,
  bag,
  shoe,
  heel,
  hat,
};

export function illustration(art: Art, ink: Ink): string {
  return ARTS[art](ink);
}
