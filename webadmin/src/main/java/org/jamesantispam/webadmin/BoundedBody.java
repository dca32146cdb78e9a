package org.jamesantispam.webadmin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Reads a request body of at most {@code limit} bytes: a larger declared {@code Content-Length} is
 * refused before reading, a larger body (chunked) as soon as the limit is passed. (Inside James the
 * body has already been read once by webadmin's request logging filter, for every route.)
 */
final class BoundedBody {
    /** The body is larger than the limit: answered 413. */
    static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message);
        }
    }

    private BoundedBody() {
    }

    static byte[] read(InputStream in, OptionalLong declaredLength, long limit) throws IOException, TooLarge {
        if (declaredLength.isPresent() && declaredLength.getAsLong() > limit) {
            throw new TooLarge("the message has " + declaredLength.getAsLong() + " bytes; at most " + limit + " are accepted");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > limit) {
                throw new TooLarge("the message has more than " + limit + " bytes; at most " + limit + " are accepted");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
