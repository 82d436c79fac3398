package dev.ipfence.core.matcher;

/**
 * Segment starts and their answers, neighbours with the same answer joined: only the boundaries
 * where the decision changes are kept. A segment's answer is its first member that takes part
 * (members are in precedence order).
 */
record ChainSegments(long[] startHi, long[] startLo, int[] answer, int count) {

    static ChainSegments of(ChainFamily family, SegmentSweep sweep, int allowListScope) {
        long[] startHi = new long[sweep.count];
        long[] startLo = new long[sweep.count];
        int[] answers = new int[sweep.count];
        int count = 0;
        // before the first segment no rule applies
        int previous = Answer.NO_RULE;
        for (int s = 0; s < sweep.count; s++) {
            int answer = Answer.NO_RULE;
            for (int m = sweep.offsets[s]; m < sweep.offsets[s + 1]; m++) {
                int rule = sweep.members[m];
                if (AllowListScope.takesPart(family.deny[rule], family.scope[rule], allowListScope)) {
                    answer = family.expires[rule] ? Answer.SCAN : family.answer[rule];
                    break;
                }
            }
            if (answer != previous) {
                startHi[count] = sweep.startHi[s];
                startLo[count] = sweep.startLo[s];
                answers[count++] = answer;
                previous = answer;
            }
        }
        return new ChainSegments(startHi, startLo, answers, count);
    }
}
