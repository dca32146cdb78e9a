package org.jamesantispam.it.hostile;

import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hostile-data cases ({@link HostileDataCases}) against the reference pipeline without the content filter. */
class HostileDataTest extends HostileDataCases {
    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference().withoutContentFilter());
}
