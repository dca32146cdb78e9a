package org.jamesantispam.webadmin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.task.TaskManager;
import org.apache.james.util.DurationParser;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.tasks.TaskFromRequest;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * Webadmin routes over the spam quarantine (what {@code amavisd-release} does for amavis): list,
 * read, release, teach spamd, delete. The quarantine is the mail repository of the
 * {@code Quarantine} mailet(s) ({@code file://var/mail/quarantine/} in the reference
 * configuration; with several {@code Quarantine} mailets, every distinct repository, in the order
 * James started them). Register in {@code webadmin.properties}:
 * <pre>
 * extensions.routes=org.apache.james.webadmin.dropwizard.MetricsRoutes,org.jamesantispam.webadmin.QuarantineRoutes
 * </pre>
 * Authenticated like James' own routes (JWT when {@code jwt.enabled=true}). Errors are James'
 * JSON errors: 400 bad input (bad id, date, limit, address, unknown action or parameter), 404
 * unknown id, 409 a recipient that is not (any more) quarantined or no spamd configured, 502 spamd
 * refused to learn.
 *
 * <pre>
 * # list (filters: recipient, sender (&lt;&gt; = null sender), since (2026-11-30T08:00:00Z or 2026-11-30),
 * # limit 1-1000 (default 100), offset; newest first)
 * curl 'http://127.0.0.1:8000/antispam/quarantine?recipient=alice@example.test&amp;since=2026-11-30&amp;limit=20'
 * # one mail: the same fields plus size and headers; or the raw message
 * curl http://127.0.0.1:8000/antispam/quarantine/spam-3fK9q2LmXw0a
 * curl -H 'Accept: message/rfc822' http://127.0.0.1:8000/antispam/quarantine/spam-3fK9q2LmXw0a
 * # release to every remaining recipient, or to some (repeat recipient=); learn=ham teaches spamd first
 * curl -XPOST 'http://127.0.0.1:8000/antispam/quarantine/spam-3fK9q2LmXw0a?action=release'
 * curl -XPOST 'http://127.0.0.1:8000/antispam/quarantine/spam-3fK9q2LmXw0a?action=release&amp;recipient=alice@example.test&amp;learn=ham'
 * # spamd learns it as spam (it stays in quarantine)
 * curl -XPOST 'http://127.0.0.1:8000/antispam/quarantine/spam-3fK9q2LmXw0a?action=learn-spam'
 * # delete one (204), or every mail older than 30 days (a task: 201 {"taskId":...}, see /tasks/{taskId})
 * curl -XDELETE http://127.0.0.1:8000/antispam/quarantine/spam-3fK9q2LmXw0a
 * curl -XDELETE 'http://127.0.0.1:8000/antispam/quarantine?olderThan=30d'
 * </pre>
 *
 * <p>A release puts a copy for the released recipients on James' spool in processor
 * {@code transport}: it is not scanned again (the content filter runs in {@code root}, and
 * {@code ScoreWithSpamd} leaves judged mail alone anyway); then the quarantine keeps the other
 * recipients only, or nothing. A second release of the same recipient is a 409 (404 once nobody
 * is left), never a second delivery; concurrent releases of one id are serialised.
 */
public class QuarantineRoutes implements Routes {
    public static final String BASE = "/antispam/quarantine";
    private static final String RFC822 = "message/rfc822";
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineRoutes.class);

    private final QuarantineService quarantine;
    private final TaskManager taskManager;
    private final JsonTransformer json = new JsonTransformer();

    @Inject
    public QuarantineRoutes(QuarantineService quarantine, TaskManager taskManager) {
        this.quarantine = quarantine;
        this.taskManager = taskManager;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service service) {
        service.get(BASE, guarded(this::list), json);
        service.get(BASE + "/:id", guarded(this::read));
        service.post(BASE + "/:id", guarded(this::act), json);
        service.delete(BASE + "/:id", guarded(this::delete));
        TaskFromRequest purge = this::purgeTask;
        service.delete(BASE, guarded(purge.asRoute(taskManager)), json);
    }

    private Object list(Request request, Response response) {
        onlyParameters(request, QuarantineQuery.PARAMETERS);
        QuarantineQuery query = QuarantineQuery.parse(request::queryParams);
        response.type("application/json");
        return query.select(quarantine.all()).stream().map(QuarantinedMail::summary).toList();
    }

    private Object read(Request request, Response response) throws Exception {
        onlyParameters(request, List.of());
        QuarantinedMail mail = quarantine.get(request.params("id"));
        String accept = request.headers("Accept");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(RFC822)) {
            response.type(RFC822);
            return mail.raw();
        }
        response.type("application/json");
        return json.render(mail.details());
    }

    private Object act(Request request, Response response) {
        String id = request.params("id");
        String action = request.queryParams("action");
        response.type("application/json");
        if ("release".equals(action)) {
            onlyParameters(request, List.of("action", "recipient", "learn"));
            String learn = request.queryParams("learn");
            if (learn != null && !learn.equals("ham")) {
                throw bad("learn '" + learn + "' is not supported with action=release; expected learn=ham (or action=learn-spam)");
            }
            return quarantine.release(id, recipients(request), learn != null).json();
        }
        if ("learn-spam".equals(action)) {
            onlyParameters(request, List.of("action"));
            boolean learned = quarantine.learnSpam(id);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", id);
            answer.put("learned", Map.of("class", "spam", "didSet", learned));
            return answer;
        }
        throw bad(action == null ? "action is missing; expected action=release or action=learn-spam"
            : "action '" + action + "' is unknown; expected release or learn-spam");
    }

    private static List<MailAddress> recipients(Request request) {
        String[] values = request.queryParamsValues("recipient");
        List<MailAddress> recipients = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                recipients.add(QuarantineQuery.address("recipient", value));
            }
        }
        return recipients;
    }

    private Object delete(Request request, Response response) {
        onlyParameters(request, List.of());
        quarantine.delete(request.params("id"));
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private QuarantinePurgeTask purgeTask(Request request) {
        onlyParameters(request, List.of("olderThan"));
        String text = request.queryParams("olderThan");
        if (text == null || text.isBlank()) {
            throw bad("olderThan is missing; expected e.g. olderThan=30d (DELETE " + BASE + "/{id} deletes one mail)");
        }
        Duration olderThan = olderThan(text);
        return new QuarantinePurgeTask(quarantine, olderThan, Instant.now().minus(olderThan));
    }

    /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 10s}, {@code 2w}; a bare number is days. */
    static Duration olderThan(String text) {
        try {
            return DurationParser.parse(text.strip(), ChronoUnit.DAYS);
        } catch (RuntimeException e) {
            throw new QuarantineException(QuarantineException.Kind.BAD_REQUEST,
                "olderThan '" + text + "' is not a duration; expected e.g. 30d, 12h, 90m, 10s or 2w");
        }
    }

    private static void onlyParameters(Request request, List<String> allowed) {
        Set<String> given = request.queryParams();
        for (String name : given) {
            if (!allowed.contains(name)) {
                throw bad("unknown parameter '" + name + "'; expected " + (allowed.isEmpty() ? "none" : "one of " + allowed));
            }
        }
    }

    private static QuarantineException bad(String message) {
        return new QuarantineException(QuarantineException.Kind.BAD_REQUEST, message);
    }

    /** Every failure as James' JSON error: ours with their status, anything unexpected as a logged 500. */
    private static Route guarded(Route route) {
        return (request, response) -> {
            try {
                return route.handle(request, response);
            } catch (HaltException e) {
                throw e;
            } catch (QuarantineException e) {
                throw ErrorResponder.builder()
                    .statusCode(e.kind().status())
                    .type(errorType(e.kind()))
                    .message(e.getMessage())
                    .haltError();
            } catch (IllegalArgumentException e) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.BAD_REQUEST_400)
                    .type(ErrorType.INVALID_ARGUMENT)
                    .message(e.getMessage())
                    .haltError();
            } catch (Exception e) {
                LOGGER.error("{} {} failed", request.requestMethod(), request.pathInfo(), e);
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.INTERNAL_SERVER_ERROR_500)
                    .type(ErrorType.SERVER_ERROR)
                    .message("the quarantine could not be read or changed: " + e.getMessage())
                    .haltError();
            }
        };
    }

    private static ErrorType errorType(QuarantineException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> ErrorType.INVALID_ARGUMENT;
            case NOT_FOUND -> ErrorType.NOT_FOUND;
            case CONFLICT -> ErrorType.WRONG_STATE;
            case BAD_GATEWAY -> ErrorType.SERVER_ERROR;
        };
    }
}
