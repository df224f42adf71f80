package io.torsion.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Echoes every byte back with Netty on one NIO event loop thread (or THREADS): the Netty peer in
 * the echo rows of {@code bench/run}.
 *
 * <p>Usage: {@code NettyEchoServer PORT [THREADS]}; listens on 127.0.0.1 and runs until killed.
 * THREADS (default 1) is the size of the one event loop group that both accepts and serves, as
 * Torsion's {@code ReactorGroup} does: 2 for the {@code -2t} rows.
 *
 * <p>Threading: THREADS Netty event loop threads; each connection is served by one of them, and
 * one of them also accepts.
 */
public final class NettyEchoServer {
    private NettyEchoServer() {
    }

    /**
     * Listens on 127.0.0.1:PORT and echoes until the process is killed.
     *
     * @param args the port, then optionally the number of event loop threads (default 1)
     * @throws InterruptedException if the main thread is interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        EventLoopGroup group = new NioEventLoopGroup(threads);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Echo());
                        }
                    });
            b.bind("127.0.0.1", port).sync();
            System.out.println("NettyEchoServer listening on 127.0.0.1:" + port);
            b.config().group().terminationFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
