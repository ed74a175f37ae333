"""Chat graph: guard, routers, supervisor, the four agents and the answer composer."""
