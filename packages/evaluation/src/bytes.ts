/**
 * The scratch space writers write into: encoding runs synchronously, one state
 * at a time, so one growing buffer serves them all and `toBuffer` copies out
 * exactly the bytes written (one allocation a state instead of one per field).
 * A writer takes it and gives it back in `toBuffer`; a writer created while
 * another holds it (never, today) gets a fresh one.
 */
let scratch: Buffer | undefined = Buffer.allocUnsafe(4096);

/**
 * Encoded states are cut from slabs of this size, as Buffer.allocUnsafe cuts
 * small buffers from its 8 KB pool: a pool holds some sixty states, and
 * making a pool (an ArrayBuffer) cost more than the states cut from it.
 * A slab lives while any state cut from it does: a batch's states die together.
 */
const SLAB_BYTES = 256 * 1024;
let slab = Buffer.allocUnsafe(SLAB_BYTES);
let slabUsed = 0;

/** `length` bytes of a slab (a buffer of its own when large), not zeroed. */
function slice(length: number): Buffer {
  if (length > SLAB_BYTES / 8) return Buffer.allocUnsafe(length);
  if (slabUsed + length > SLAB_BYTES) {
    slab = Buffer.allocUnsafe(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + length);
  slabUsed += length;
  return out;
}

/** Varints below this take the bitwise path; above it, arithmetic keeps values up to 2^53 exact. */
const UINT32_LIMIT = 2 ** 32;

/** Unsigned varints (7 bits a byte): bitwise below 2^32, arithmetic above, so values up to 2^53 survive. */
export class ByteWriter {
  private buffer: Buffer;
  private length: number;

  /**
   * `headroom` bytes are left in front, unwritten, for a header the caller
   * fills in the buffer `toBuffer` returns (the store's next due time): the
   * stored value is then built in one copy instead of two.
   */
  constructor(headroom = 0) {
    this.buffer = scratch ?? Buffer.allocUnsafe(4096);
    scratch = undefined;
    this.length = headroom;
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
    const buffer = this.buffer;
    const at = this.length;
    buffer[at] = (value >>> 24) & 0xff;
    buffer[at + 1] = (value >>> 16) & 0xff;
    buffer[at + 2] = (value >>> 8) & 0xff;
    buffer[at + 3] = value & 0xff;
    this.length = at + 4;
  }

  varint(value: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    let rest = value;
    if (rest < UINT32_LIMIT) {
      // Most varints (counts, time steps): integer operations, the same bytes.
      while (rest >= 0x80) {
        buffer[this.length++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
    } else {
      while (rest >= 0x80) {
        buffer[this.length++] = (rest % 0x80) | 0x80;
        rest = Math.floor(rest / 0x80);
      }
    }
    buffer[this.length++] = rest;
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
    // Division, not %: a time since the epoch is no small integer, and % on one is a call into C.
    const inSeconds = Math.floor(magnitude / 1000) * 1000 === magnitude;
    const value = inSeconds ? magnitude / 1000 : magnitude;
    this.varint((value * 2 + (ms < 0 ? 1 : 0)) * 2 + (inSeconds ? 0 : 1));
  }

  /** `count` zero bytes, for bit fields set afterwards with `setBits`; returns where they start. */
  zeros(count: number): number {
    this.ensure(count);
    const start = this.length;
    for (let at = start; at < start + count; at++) this.buffer[at] = 0;
    this.length = start + count;
    return start;
  }

  /** Sets `bits` in the byte at `offset`, one `zeros` reserved. */
  setBits(offset: number, bits: number): void {
    this.buffer[offset]! |= bits;
  }

  float(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleBE(value, this.length);
    this.length += 8;
  }

  /** UTF-8 text, its byte length first. */
  text(value: string): void {
    // Short ASCII text (ids, city names) is copied a character a byte: no UTF-8 encoder call.
    if (value.length < 0x80) {
      this.ensure(1 + value.length);
      const buffer = this.buffer;
      const start = this.length;
      let at = start + 1;
      for (let i = 0; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        buffer[at++] = code;
      }
      if (at - start - 1 === value.length) {
        buffer[start] = value.length;
        this.length = at;
        return;
      }
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    this.length += this.buffer.write(value, this.length, 'utf8');
  }

  /** The bytes written (headroom included), copied out; the writer is done after this. */
  toBuffer(): Buffer {
    const out = slice(this.length);
    this.buffer.copy(out, 0, 0, this.length);
    scratch = this.buffer;
    return out;
  }
}

/** Reads non-ASCII text without copying its bytes first; invalid sequences become U+FFFD, as Buffer#toString does. */
const utf8 = new TextDecoder('utf-8');
/** Where `float` puts a double's 8 bytes to read them: decoding is synchronous, one is enough. */
const floatBytes = Buffer.alloc(8);

export class ByteReader {
  private readonly buffer: Buffer;
  private offset: number;

  /** Reads `bytes` from `offset` (past a header the caller reads itself) to its end. */
  constructor(bytes: Uint8Array, offset = 0) {
    this.buffer = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  byte(): number {
    if (this.offset >= this.buffer.length) throw new RangeError('encoded state ends too early');
    return this.buffer[this.offset++]!;
  }

  uint32(): number {
    if (this.offset + 4 > this.buffer.length) throw new RangeError('encoded state ends too early');
    const buffer = this.buffer;
    const at = this.offset;
    this.offset = at + 4;
    return buffer[at]! * 0x1000000 + ((buffer[at + 1]! << 16) | (buffer[at + 2]! << 8) | buffer[at + 3]!);
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
    // Halved and floored rather than %: the code of a time since the epoch is no small integer.
    const signed = Math.floor(code / 2);
    const inMilliseconds = code !== signed * 2;
    const half = Math.floor(signed / 2);
    const magnitude = half * (inMilliseconds ? 1 : 1000);
    return signed !== half * 2 ? -magnitude : magnitude;
  }

  float(): number {
    for (let i = 0; i < 8; i++) floatBytes[i] = this.byte();
    return floatBytes.readDoubleBE();
  }

  text(): string {
    const length = this.varint();
    const start = this.offset;
    const end = start + length;
    if (end > this.buffer.length) throw new RangeError('encoded state ends too early');
    this.offset = end;
    // ASCII text (ids, city names; bytes below 0x80 read the same in Latin-1) is read as Latin-1, a
    // plain byte copy, which takes a fraction of a TextDecoder call on short text.
    let at = start;
    while (at < end && this.buffer[at]! < 0x80) at++;
    if (at === end) return this.buffer.toString('latin1', start, end);
    return utf8.decode(this.buffer.subarray(start, end));
  }

  get done(): boolean {
    return this.offset === this.buffer.length;
  }
}
