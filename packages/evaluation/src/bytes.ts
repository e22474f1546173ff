/** Unsigned varints (7 bits a byte) with arithmetic, not bitwise, so values up to 2^53 survive. */
export class ByteWriter {
  private readonly bytes: number[] = [];

  byte(value: number): void {
    this.bytes.push(value & 0xff);
  }

  uint32(value: number): void {
    for (let shift = 24; shift >= 0; shift -= 8) this.bytes.push((value >>> shift) & 0xff);
  }

  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.push(rest);
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
    const buffer = Buffer.alloc(8);
    buffer.writeDoubleBE(value);
    for (const b of buffer) this.bytes.push(b);
  }

  /** UTF-8 text, its byte length first. */
  text(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.varint(encoded.length);
    for (const b of encoded) this.bytes.push(b);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

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
    const value = Buffer.from(this.buffer.subarray(this.offset, this.offset + length)).toString('utf8');
    this.offset += length;
    return value;
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}
