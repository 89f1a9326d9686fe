// Generated from templates/ by scripts/generate-templates. Do not edit; run make templates.

/// The user-facing templates, compiled in from `templates/`.
public enum Templates {
    /// The files of `templates/`, by name.
    public static let files: [String: String] = [
        "config.yaml": #"""
        # ff settings for this repository. Committed, so that everyone runs the same method.

        # The folder, relative to the repository root, that holds one YAML file per experiment
        # (in a sub-folder for the month each was created). Files placed anywhere below it count.
        experiments: experiments

        # The allowed timebox of an experiment, in days: ff start refuses a timebox outside it.
        timebox: {min_days: 7, max_days: 30}

        # The neutral-language lint of debriefs, observations and reasons.
        #   level: off | warning | error
        #   extra: more phrases to flag, e.g. [dropped the ball]
        #   allow: phrases never to flag, e.g. [disaster recovery]
        lint: {level: warning, extra: [], allow: []}

        """#,
        "debrief.yaml": #"""
        # Debrief of {{id}}: {{title}}
        # Short and neutral: what the experiment returned, not who failed.
        # Save and close the editor to conclude; empty the file to cancel.
        outcome:                 # validated | disproved | inconclusive
        returned:                # what the experiment returned, in a sentence or two
        facts:                   # own the facts: what happened, with numbers
        signal:                  # what the experiment revealed, and why it matters
        remediation:             # steps taken to stabilise any impact
        next:                    # the next test

        """#,
        "experiment.yaml": #"""
        # A new experiment. Fill in what you know now: `ff start` checks that the plan is complete
        # and says what is missing. Lines starting with '#' are comments, and ff keeps them.
        # Save and close the editor to create the draft; empty the file to cancel.
        ff: 1
        id: {{id}}
        title: {{title}}
        status: draft            # draft | running | concluded | abandoned
        owner: {{owner}}
        created: {{created}}
        tags: []
        # What you believe, and what would show it: "If …, then … within …".
        hypothesis:
        reversible: true         # can the change be undone?
        rollback:                # how to undo it
        stakeholders: []         # who observes the experiment, e.g. [Priya (sponsor), Team channel]
        timebox:
          days: {{days}}               # between {{min_days}} and {{max_days}}
        # Decided before the start and locked once running (change them only with `ff amend`).
        signals:
          success: []            # what you will see if the hypothesis holds
          failure: []            # what you will see if it does not
        data: []                 # what to capture and how, e.g. [{what: replies, how: "count #demo tags"}]
        # prediction: {outcome: validated, confidence: 0.6}   # optional: your forecast, 0–1

        """#,
    ]
}
