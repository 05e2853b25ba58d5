-- The year-end transition of a whole region or the country, and its undo, as few set-based statements per batch of
-- schools (modules/transitions/repository.ts). Two things here made them pay per pupil.
--
-- 1. The trigger that keeps transit_exit fired for every spell reopened and ran a DELETE for each: undoing a
-- transition reopens every spell it closed, although only leavers and graduates who continue elsewhere (grade < 11)
-- ever have a transit_exit row. The row now exists exactly while its spell is closed with such a reason, and the
-- trigger fires only for an update that can change that: one from or to such a closing.
CREATE OR REPLACE FUNCTION aikom_transit_exit_track() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    IF NEW.exit_date IS NOT NULL AND (NEW.exit_reason IN ('transfer', 'other')
        OR (NEW.exit_reason = 'graduated' AND NEW.grade < 11)) THEN
      INSERT INTO transit_exit (enrolment_id, person_id, school_id, ouo_id, region_id, residence_territory_id,
          residence_ouo_id, residence_region_id, grade, exit_date, exit_reason)
        SELECT NEW.id, NEW.person_id, NEW.school_id, NEW.ouo_id, NEW.region_id, p.residence_territory_id,
          coalesce(r.ouo_id, NEW.ouo_id), coalesce(r.region_id, NEW.region_id), NEW.grade, NEW.exit_date,
          NEW.exit_reason
        FROM person p LEFT JOIN LATERAL aikom_residence_ouo(p.residence_territory_id) r ON true
        WHERE p.id = NEW.person_id
      ON CONFLICT (enrolment_id) DO UPDATE SET exit_date = excluded.exit_date, exit_reason = excluded.exit_reason;
    ELSE
      DELETE FROM transit_exit WHERE enrolment_id = NEW.id;
    END IF;
    RETURN NULL;
  END $$;
DROP TRIGGER enrolment_transit_exit ON enrolment;
CREATE TRIGGER enrolment_transit_exit AFTER UPDATE OF exit_date, exit_reason, grade ON enrolment
  FOR EACH ROW
  WHEN ((OLD.exit_date IS NOT NULL AND (OLD.exit_reason IN ('transfer', 'other')
      OR (OLD.exit_reason = 'graduated' AND OLD.grade < 11)))
    OR (NEW.exit_date IS NOT NULL AND (NEW.exit_reason IN ('transfer', 'other')
      OR (NEW.exit_reason = 'graduated' AND NEW.grade < 11))))
  EXECUTE FUNCTION aikom_transit_exit_track();

-- 2. Undoing many schools asked what each undo would lose one transition at a time. The same counts as
-- aikom_transition_undo_conflicts, for a list of transitions in one call; transitions outside the caller's scope are
-- left out.
CREATE FUNCTION aikom_transition_undo_conflicts_many(p_transitions uuid[])
  RETURNS TABLE (transition_id uuid, changed_spells integer, enrolled_elsewhere integer, case_events integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT t.id,
      (SELECT count(*)::int FROM enrolment n WHERE n.transition_id = t.id AND n.exit_date IS NOT NULL),
      (SELECT count(*)::int FROM transition_exit x JOIN enrolment o ON o.id = x.enrolment_id
        WHERE x.transition_id = t.id AND EXISTS (SELECT 1 FROM enrolment l
          WHERE l.person_id = o.person_id AND l.id <> o.id AND (l.exit_date IS NULL OR l.entry_date >= o.exit_date))),
      (SELECT count(*)::int FROM transit_case_event c JOIN transition_exit x ON x.enrolment_id = c.enrolment_id
        WHERE x.transition_id = t.id)
    FROM transition t
    WHERE t.id = ANY (p_transitions)
      AND (aikom_scope_national() OR t.region_id = aikom_scope_region() OR t.ouo_id = aikom_scope_ouo()
        OR t.school_id = aikom_scope_school() OR t.school_id = ANY ((SELECT aikom_scope_schools())::uuid[]))
  $$;
REVOKE ALL ON FUNCTION aikom_transition_undo_conflicts_many(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_transition_undo_conflicts_many(uuid[]) TO aikom_app;

-- 3. The policy that lets undo delete the spells a transition created looked its transition up again for every row
-- deleted. The same condition as a list of the transitions being undone (of years not closed), made once per
-- statement: who may delete what does not change.
DROP POLICY enrolment_delete_undone_transition ON enrolment;
CREATE POLICY enrolment_delete_undone_transition ON enrolment AS RESTRICTIVE FOR DELETE USING (
  transition_id IN (
    SELECT t.id FROM transition t JOIN school_year y ON y.id = t.from_year
    WHERE t.status = 'undone' AND y.status <> 'closed')
);
