package org.jamesantispam.webadmin;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.OptionalLong;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.jamesantispam.core.dryrun.DryRun;
import org.jamesantispam.core.dryrun.DryRunCheck;
import org.jamesantispam.core.dryrun.DryRunReport;
import org.jamesantispam.core.dryrun.DryRunner;
import org.jamesantispam.core.runtime.ActiveComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Dry-run check: {@code POST /antispam/check?ip=&helo=&sender=&recipient=} with a raw message
 * (RFC 5322: headers, blank line, body) as the request body. Runs every check the running server
 * has configured, in the order of the real flow, against that SMTP request and message, WITHOUT
 * delivering, storing, counting or logging anything (above DEBUG): the SMTP restrictions
 * ({@code SmtpdRestrictionsHook}: DNSBL, HELO, relay, access tables), the end-of-DATA hooks
 * ({@code ContentChecksHook}, {@code BannedAttachmentHook}, {@code DataSpamHook}), the pipeline
 * ({@code ApplyContentChecks}, {@code ScoreWithSpamd}) and the spam processor ({@code Quarantine},
 * {@code ApplySpamDestiny}). It answers every check that fired, the final action per recipient and
 * the spam scan.
 *
 * <p>Parameters: {@code ip} (required, the client address), {@code helo} (optional),
 * {@code sender} (optional; absent or {@code <>}: the null sender), {@code recipient} (required,
 * repeatable, at most 1000). The body: at most {@value #MAX_BODY_BYTES} bytes (10 MB, the reference
 * {@code maxmessagesize}); the message gets the {@code Received} header James would add. A bad
 * parameter answers 400 naming it, a larger body 413, a form-encoded body ({@code curl --data-binary}'s
 * default Content-Type, which James' request logging reads as form fields) 415, all as James' JSON
 * errors: send the message as {@code Content-Type: message/rfc822}. A spamd that
 * cannot be reached makes the scan {@code UNCHECKED}, as in the real flow.
 *
 * <p>What it does not evaluate: James' own handlers (unknown local users, {@code ValidRcptHandler};
 * the recipient limit), matchers in front of our mailets (every recipient is assumed to reach them;
 * blocked spam is assumed to reach the spam processor, as with {@code IsBlockedSpam}), and
 * {@code authorizedAddresses} (the client is untrusted unless the restrictions' {@code mynetworks}
 * say otherwise).
 *
 * <pre>
 * curl -s -XPOST -H 'Content-Type: message/rfc822' --data-binary @gtube.eml \
 *   'http://127.0.0.1:8000/antispam/check?ip=127.0.0.3&amp;helo=mail.example.org&amp;sender=bob@example.org&amp;recipient=alice@example.test'
 * </pre>
 * answers (abridged)
 * <pre>
 * {"request":{"ip":"127.0.0.3","helo":"mail.example.org","sender":"bob@example.org","recipients":["alice@example.test"],"size":818},
 *  "recipients":[{"recipient":"alice@example.test","action":"DISCARD","stage":"spam",
 *    "component":"org.jamesantispam.mailets.ApplySpamDestiny","check":"IsBlockedSpam","detail":"D_DISCARD",
 *    "verdict":"SPAM","score":1001.0,"quarantined":true,"quarantine":"file://var/mail/quarantine/, forwarded to spam-quarantine@example.test"}],
 *  "checks":[{"stage":"pipeline","component":"org.jamesantispam.mailets.ScoreWithSpamd","check":"spamd","result":"SCANNED",
 *    "detail":"score=1001.0 required=5.0 tests=GTUBE, ..."}, ...],
 *  "spam":{"status":"SCANNED","score":1001.0,"threshold":5.0,"rules":[{"name":"GTUBE"}, ...],"scanner":"127.0.0.1:7830","elapsedMillis":519},
 *  "components":["org.jamesantispam.smtp.SmtpdRestrictionsHook", ..., "org.jamesantispam.mailets.ApplySpamDestiny"]}
 * </pre>
 * and for a blocklisted client ({@code ip=127.0.0.2}) the recipient is
 * {@code {"action":"REJECT","stage":"rcpt","check":"reject_rbl_client bl.example.test","reply":"554 5.7.1 Service unavailable; Client host [127.0.0.2] blocked using bl.example.test; ..."}}.
 * Register it in {@code webadmin.properties}:
 * {@code extensions.routes=org.jamesantispam.webadmin.CheckRoutes}.
 */
public class CheckRoutes implements Routes {
    public static final String BASE_PATH = "/antispam/check";
    /** Largest message accepted: 10 MB, the reference {@code maxmessagesize} (Postfix {@code message_size_limit}). */
    public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    private static final Logger LOGGER = LoggerFactory.getLogger(CheckRoutes.class);

    private final ActiveComponents components;
    private final JsonTransformer jsonTransformer;

    @Inject
    public CheckRoutes(ActiveComponents components, JsonTransformer jsonTransformer) {
        this.components = components;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(BASE_PATH, this::check, jsonTransformer);
    }

    private Object check(Request request, Response response) {
        CheckRequest query;
        try {
            query = CheckRequest.parseQuery(request.raw().getQueryString());
        } catch (CheckRequest.BadParameter e) {
            throw badRequest(e.getMessage());
        }
        byte[] message = body(request);
        DryRun run = new DryRun(query.client(), query.helo().orElse(null), query.sender(), query.recipients(), false,
            ReceivedHeader.prepend(query, message, ZonedDateTime.now()), new JamesDryRunMails());
        Map<String, DryRunCheck> checks = components.byOwner(DryRunCheck.class);
        DryRunReport report = DryRunner.run(run, checks);
        LOGGER.debug("dry run ip={} helo={} from=<{}> to={}: {}", query.client().getHostAddress(), query.helo().orElse(""),
            query.sender(), query.recipients(), report.recipients());
        response.status(HttpStatus.OK_200);
        response.type("application/json");
        return CheckAnswer.of(query, message.length, report);
    }

    private static byte[] body(Request request) {
        String contentType = request.contentType() == null ? "" : request.contentType().toLowerCase(java.util.Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/form-data")) {
            // James' request logging has already read such a body as form fields: the raw message is gone.
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415)
                .type(ErrorType.INVALID_ARGUMENT)
                .message("body: Content-Type %s is read as a form, not as a message; send the raw message with "
                    + "Content-Type: message/rfc822 (curl -H 'Content-Type: message/rfc822' --data-binary @message.eml)", request.contentType())
                .haltError();
        }
        byte[] message;
        try {
            long declared = request.raw().getContentLengthLong();
            message = BoundedBody.read(request.raw().getInputStream(), declared >= 0 ? OptionalLong.of(declared) : OptionalLong.empty(),
                MAX_BODY_BYTES);
        } catch (BoundedBody.TooLarge e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.PAYLOAD_TOO_LARGE_413)
                .type(ErrorType.INVALID_ARGUMENT)
                .message("body: " + e.getMessage())
                .haltError();
        } catch (IOException e) {
            throw badRequest("body: cannot be read (" + e.getMessage() + ")");
        }
        if (message.length == 0) {
            throw badRequest("body: empty; expected the raw message (headers, blank line, body), e.g. "
                + "curl -H 'Content-Type: message/rfc822' --data-binary @message.eml");
        }
        return message;
    }

    private static RuntimeException badRequest(String message) {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .type(ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }
}
