"""SQL store: typed models, engines and sessions, migrations, repositories."""
