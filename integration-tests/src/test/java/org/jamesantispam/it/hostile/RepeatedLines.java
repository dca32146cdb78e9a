package org.jamesantispam.it.hostile;

import java.io.InputStream;

/**
 * Large input, streamed without being held in memory: the same line, {@code copies} times.
 *
 * <pre>{@code
 * connection.write(new RepeatedLines(Octets.of("x".repeat(998), "\r\n"), 11_600)); // 11.6 MB
 * }</pre>
 */
final class RepeatedLines extends InputStream {
    private final byte[] line;
    private long remaining;
    private int position;

    RepeatedLines(byte[] line, long copies) {
        if (line.length == 0) {
            throw new IllegalArgumentException("empty line");
        }
        this.line = line.clone();
        this.remaining = copies * line.length;
    }

    @Override
    public int read() {
        if (remaining <= 0) {
            return -1;
        }
        byte next = line[position];
        advance(1);
        return next & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int count = (int) Math.min(length, remaining);
        int written = 0;
        while (written < count) {
            int chunk = Math.min(count - written, line.length - position);
            System.arraycopy(line, position, buffer, offset + written, chunk);
            written += chunk;
            advance(chunk);
        }
        return count;
    }

    private void advance(int count) {
        remaining -= count;
        position = (position + count) % line.length;
    }
}
