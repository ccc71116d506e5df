package replex.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void sanitiseKeepsSafeCharactersOnly() {
        assertEquals("beta_1", FileNames.sanitise("beta[1]"));
        assertEquals("x_0", FileNames.sanitise("x[0]"));
        assertEquals("theta_1_2", FileNames.sanitise("theta[1, 2]"));
        assertEquals("sigma", FileNames.sanitise("sigma"));
        assertEquals("log-sd.y", FileNames.sanitise("log-sd.y"));
        assertEquals("etc_passwd", FileNames.sanitise("../etc/passwd"));
        assertEquals("parameter", FileNames.sanitise("[]"));
        assertEquals("parameter", FileNames.sanitise("µ"));
    }

    @Test
    void namesThatCollideGetSuffixes() {
        FileNames names = new FileNames();
        assertEquals("beta_1", names.unique("beta[1]"));
        assertEquals("beta_1_2", names.unique("beta(1)"));
        assertEquals("beta_1_3", names.unique("beta{1}"));
        assertEquals("Beta_1_4", names.unique("Beta[1]"), "case-insensitive file systems");
        assertEquals("sigma", names.unique("sigma"));
    }
}
