/**
 * The scratch space writers write into: encoding runs synchronously, one state
 * at a time, so one growing buffer serves them all and `toBuffer` copies out
 * exactly the bytes written (one allocation a state instead of one per field).
 * A writer takes it and gives it back in `toBuffer`; a writer created while
 * another holds it (never, today) gets a fresh one.
 */
let scratch: Buffer | undefined = Buffer.allocUnsafe(4096);

/** Unsigned varints (7 bits a byte) with arithmetic, not bitwise, so values up to 2^53 survive. */
export class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor() {
    this.buffer = scratch ?? Buffer.allocUnsafe(4096);
    scratch = undefined;
  }

  private ensure(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value & 0xff;
  }

  uint32(value: number): void {
    this.ensure(4);
    for (let shift = 24; shift >= 0; shift -= 8) this.buffer[this.length++] = (value >>> shift) & 0xff;
  }

  varint(value: number): void {
    this.ensure(10);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
  }

  /** Signed integers folded so small magnitudes stay short: 0, -1, 1, -2 … → 0, 1, 2, 3 … */
  signed(value: number): void {
    this.varint(value < 0 ? -value * 2 - 1 : value * 2);
  }

  /**
   * A time span or offset in ms. Most are whole seconds (event times rarely carry
   * milliseconds), so those are stored in seconds: an hour-long step takes 2 bytes instead of 4.
   * Lowest bit: 1 = milliseconds; next bit: sign.
   */
  time(ms: number): void {
    const magnitude = Math.abs(ms);
    const inSeconds = magnitude % 1000 === 0;
    const value = inSeconds ? magnitude / 1000 : magnitude;
    this.varint((value * 2 + (ms < 0 ? 1 : 0)) * 2 + (inSeconds ? 0 : 1));
  }

  float(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleBE(value, this.length);
    this.length += 8;
  }

  /** UTF-8 text, its byte length first. */
  text(value: string): void {
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  /** The bytes written, copied out; the writer is done after this. */
  toBuffer(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.length));
    scratch = this.buffer;
    return out;
  }
}

/** Reads text without copying its bytes first; invalid sequences become U+FFFD, as Buffer#toString does. */
const utf8 = new TextDecoder('utf-8');

export class ByteReader {
  private offset = 0;

  constructor(private readonly buffer: Uint8Array) {}

  byte(): number {
    if (this.offset >= this.buffer.length) throw new RangeError('encoded state ends too early');
    return this.buffer[this.offset++]!;
  }

  uint32(): number {
    let value = 0;
    for (let i = 0; i < 4; i++) value = value * 256 + this.byte();
    return value;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  signed(): number {
    const folded = this.varint();
    return folded % 2 === 1 ? -(folded + 1) / 2 : folded / 2;
  }

  time(): number {
    const code = this.varint();
    const inMilliseconds = code % 2 === 1;
    const signed = Math.floor(code / 2);
    const magnitude = Math.floor(signed / 2) * (inMilliseconds ? 1 : 1000);
    return signed % 2 === 1 ? -magnitude : magnitude;
  }

  float(): number {
    const bytes = Buffer.alloc(8);
    for (let i = 0; i < 8; i++) bytes[i] = this.byte();
    return bytes.readDoubleBE();
  }

  text(): string {
    const length = this.varint();
    if (this.offset + length > this.buffer.length) throw new RangeError('encoded state ends too early');
    const value = utf8.decode(this.buffer.subarray(this.offset, this.offset + length));
    this.offset += length;
    return value;
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}
