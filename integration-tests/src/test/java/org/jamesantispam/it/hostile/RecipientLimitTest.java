package org.jamesantispam.it.hostile;

import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The recipient-limit case ({@link RecipientLimitCases}) against the reference pipeline without the content filter. */
class RecipientLimitTest extends RecipientLimitCases {
    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter());
}
