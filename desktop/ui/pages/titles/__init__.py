"""Đánh giá – công nhận: the page, its grid model, detail pane and actions, and the certificate register."""
