from alpine as base
run echo lower
copy a b
env x=1
expose 80
cmd ["sh"]
