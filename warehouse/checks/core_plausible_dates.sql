-- Core event dates are plausible: not before 1945, not more than two years after the first report.
SELECT event_id, event_date, first_reported_date FROM events
WHERE event_date < DATE '1945-01-01'
   OR event_date > first_reported_date + INTERVAL 2 YEAR
   OR first_reported_date < DATE '1945-01-01'
