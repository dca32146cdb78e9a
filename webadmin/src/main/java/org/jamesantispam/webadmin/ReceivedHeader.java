package org.jamesantispam.webadmin;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code Received} header James' SMTP server puts on top of every message it accepts
 * ({@code ReceivedDataLineFilter}), for the dry run's copy of the message, so content checks and
 * SpamAssassin see what they see in the real flow (SpamAssassin reads the client's address and
 * HELO name from it). As James, it names the client by its reverse DNS name (a lookup; the
 * address when there is none); the receiving host is named {@code dry-run.invalid}.
 */
final class ReceivedHeader {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private ReceivedHeader() {
    }

    static byte[] prepend(CheckRequest request, byte[] message, ZonedDateTime now) {
        return prepend(request, message, now, InetAddress::getHostName);
    }

    /** @param hostName the client's name as James writes it: its reverse DNS name, else its address */
    static byte[] prepend(CheckRequest request, byte[] message, ZonedDateTime now, Function<InetAddress, String> hostName) {
        String ip = request.client().getHostAddress();
        StringBuilder header = new StringBuilder("Received: from ").append(hostName.apply(request.client()));
        request.helo().ifPresent(helo -> header.append(" (EHLO ").append(helo).append(")"));
        header.append(" ([").append(ip).append("])\r\n");
        header.append("          by dry-run.invalid (james-antispam dry run) with ESMTP ID dry-run");
        if (request.recipients().size() == 1) {
            header.append("\r\n          for <").append(request.recipients().get(0)).append(">;");
        } else {
            header.append(";");
        }
        header.append("\r\n          ").append(DATE.format(now)).append("\r\n");
        byte[] prefix = header.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] result = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, result, 0, prefix.length);
        System.arraycopy(message, 0, result, prefix.length, message.length);
        return result;
    }
}
