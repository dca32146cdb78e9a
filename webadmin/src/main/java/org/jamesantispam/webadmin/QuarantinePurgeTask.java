package org.jamesantispam.webadmin;

import java.time.Duration;
import java.time.Instant;

import org.apache.james.task.Task;
import org.apache.james.task.TaskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The James task of {@code DELETE /antispam/quarantine?olderThan=30d}: deletes every quarantined
 * mail that arrived before the cut-off (the request's time minus {@code olderThan}). Its result
 * shows under {@code /tasks/{taskId}} (type {@value #TYPE_NAME}, {@code completed}, or
 * {@code failed} when some mail could not be deleted); how many were deleted is logged (logger
 * {@code org.jamesantispam.webadmin.QuarantinePurgeTask}), not shown as task details (those need a
 * James DTO module).
 */
final class QuarantinePurgeTask implements Task {
    static final String TYPE_NAME = "antispam-quarantine-purge";
    static final TaskType TYPE = TaskType.of(TYPE_NAME);
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantinePurgeTask.class);

    private final QuarantineService quarantine;
    private final Duration olderThan;
    private final Instant cutoff;

    QuarantinePurgeTask(QuarantineService quarantine, Duration olderThan, Instant cutoff) {
        this.quarantine = quarantine;
        this.olderThan = olderThan;
        this.cutoff = cutoff;
    }

    @Override
    public Result run() {
        QuarantineService.Purge purge = quarantine.purgeArrivedBefore(cutoff);
        LOGGER.info("quarantine purge (olderThan {}, arrived before {}): {} mails deleted, {} failures",
            olderThan, cutoff, purge.deleted(), purge.failed());
        return purge.failed() == 0 ? Result.COMPLETED : Result.PARTIAL;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }
}
